;;; flowlint-eglot.el --- flowlint language server for Studio Flow JSON and flowtest YAML via Eglot  -*- lexical-binding: t; -*-

;; SPDX-License-Identifier: Apache-2.0

;;; Commentary:

;; Runs `flowlint lsp' for Twilio Studio Flow definitions with Eglot (built into Emacs 29+;
;; the `eglot' package from GNU ELPA or Debian's elpa-eglot on Emacs 26.3-28).
;;
;; Eglot gives a buffer one language server, chosen by major mode.  So that other JSON files
;; keep whatever JSON setup they have, flow files get their own major mode,
;; `flowlint-flow-mode', derived from the JSON mode available (json-mode from MELPA,
;; js-json-mode on Emacs 29+, else js-mode), and only that mode is mapped to flowlint.
;;
;; `flowlint test' files (*.flowtest.yaml) likewise get `flowlint-flowtest-mode', derived from
;; yaml-mode (MELPA) if you have it, else yaml-ts-mode (Emacs 29+, with the YAML grammar),
;; else text-mode.  Since Eglot runs one server per buffer, those buffers then talk to flowlint
;; rather than to yaml-language-server; to keep yaml-language-server there instead (with the
;; schema editors/flowtest.schema.json), set `flowlint-eglot-test-file-patterns' to nil
;; before loading this file.
;;
;; Use: put this file on `load-path' and add to your init file
;;
;;   (require 'flowlint-eglot)
;;
;; or paste its body there.  Customize `flowlint-eglot-command' to start the server some
;; other way, e.g. '("/path/to/.venv/bin/python" "-m" "flowlint" "lsp").

;;; Code:

(require 'eglot)

(defgroup flowlint-eglot nil
  "Eglot settings for the flowlint language server."
  :group 'eglot)

(defcustom flowlint-eglot-command '("flowlint" "lsp")
  "Command and arguments that start the flowlint language server on stdio."
  :type '(repeat string))

(defcustom flowlint-eglot-file-patterns
  '("\\.flow\\.json\\'" "/flows/.*\\.json\\'" "/studio/.*\\.json\\'")
  "Regexps for the file names of Studio Flow definitions.
Same defaults as the VS Code extension's flowlint.fileGlobs.  The server also
ignores JSON documents that are not flows."
  :type '(repeat regexp))

(defcustom flowlint-eglot-test-file-patterns '("\\.flowtest\\.yaml\\'")
  "Regexps for the file names of `flowlint test' files, opened in `flowlint-flowtest-mode'.
Nil leaves them to your YAML setup."
  :type '(repeat regexp))

(defalias 'flowlint-eglot--parent-mode
  (cond ((fboundp 'json-mode) #'json-mode)
        ((fboundp 'js-json-mode) #'js-json-mode)
        (t #'js-mode))
  "The JSON major mode that `flowlint-flow-mode' builds on.")

(define-derived-mode flowlint-flow-mode flowlint-eglot--parent-mode "Studio-Flow"
  "Major mode for Twilio Studio Flow JSON definitions, linted by flowlint.")

(dolist (pattern flowlint-eglot-file-patterns)
  (add-to-list 'auto-mode-alist (cons pattern #'flowlint-flow-mode)))

(defalias 'flowlint-eglot--yaml-parent-mode
  (cond ((fboundp 'yaml-mode) #'yaml-mode)
        ((and (fboundp 'yaml-ts-mode) (fboundp 'treesit-ready-p) (treesit-ready-p 'yaml t))
         #'yaml-ts-mode)
        (t #'text-mode))
  "The YAML major mode that `flowlint-flowtest-mode' builds on.")

(define-derived-mode flowlint-flowtest-mode flowlint-eglot--yaml-parent-mode "Flowtest"
  "Major mode for `flowlint test' files (*.flowtest.yaml), checked by flowlint.")

(dolist (pattern flowlint-eglot-test-file-patterns)
  (add-to-list 'auto-mode-alist (cons pattern #'flowlint-flowtest-mode)))

;; The lambda reads the option when the server starts, so customizing it later works.
(add-to-list 'eglot-server-programs
             `((flowlint-flow-mode :language-id "json")
               . ,(lambda (&rest _) flowlint-eglot-command)))
;; A separate entry (and so a separate server per project): Eglot 1.9 (Debian 12's) keeps one
;; language id per server, for all its buffers.
(add-to-list 'eglot-server-programs
             `((flowlint-flowtest-mode :language-id "yaml")
               . ,(lambda (&rest _) flowlint-eglot-command)))

(add-hook 'flowlint-flow-mode-hook #'eglot-ensure)
(add-hook 'flowlint-flowtest-mode-hook #'eglot-ensure)

(provide 'flowlint-eglot)
;;; flowlint-eglot.el ends here
