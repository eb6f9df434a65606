"""The project, not the file: which files are the flows of one Studio project, the SID or
friendly name of each, what each subflow reads and sets, and the Twilio Functions of the
repository, so rules can check the contracts between them.

- `model`: what the rules see (`Project`, `FlowFacts`, `FunctionFacts`, `Place`);
- `discovery`: finding the flows (pull metadata, Flow resource files, `[tool.flowlint.flows]`,
  environment profiles); `flowlint.run.project_sources` walks the project root for it;
- `facts`: reading one flow file's contract facts, with positions;
- `functions`: reading a Twilio Serverless project's `functions/` folder.
"""
