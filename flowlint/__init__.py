"""flowlint: a static analyzer, linter and language server for Twilio Studio Flow definitions.

Importing this package is cheap on purpose: the CLI, the language server and the analysis
modules are imported only by the commands that use them.
"""

__version__ = "0.1.0"
