;;; test-init.el --- headless Eglot check for tests/editors/test_emacs.py  -*- lexical-binding: t; -*-

;;; Commentary:

;; Not for everyday use.  Run as
;;
;;   emacs --batch -Q -l editors/emacs/test-init.el
;;
;; Loads flowlint-eglot.el from this folder as a user would, visits a flow file, waits until
;; Flymake has the diagnostics Eglot received, writes them as JSON and exits.  Parameters come
;; from the environment:
;;   FLOWLINT_TEST_FILE        the file to visit (required)
;;   FLOWLINT_TEST_OUTPUT      where to write the JSON result (required)
;;   FLOWLINT_TEST_CMD         JSON array, the server command (default: flowlint lsp)
;;   FLOWLINT_TEST_TIMEOUT_MS  how long to wait for diagnostics (default 20000)
;;   FLOWLINT_TEST_WAIT_CODE   comma-separated; wait for a diagnostic whose text has one of these

;;; Code:

(require 'json)
(require 'package)
;; Emacs before 29 has no built-in Eglot. Then it comes as a package: from ELPA in the user's
;; package directory, or Debian's elpa-eglot, whose folder -Q (--no-site-lisp) leaves out.
(unless (locate-library "eglot")
  (when (file-directory-p "/usr/share/emacs/site-lisp/elpa")
    (add-to-list 'package-directory-list "/usr/share/emacs/site-lisp/elpa"))
  (package-initialize))

(defvar flowlint-test--file (or (getenv "FLOWLINT_TEST_FILE") (error "FLOWLINT_TEST_FILE is not set")))
(defvar flowlint-test--output (or (getenv "FLOWLINT_TEST_OUTPUT") (error "FLOWLINT_TEST_OUTPUT is not set")))
(defvar flowlint-test--timeout
  (/ (string-to-number (or (getenv "FLOWLINT_TEST_TIMEOUT_MS") "20000")) 1000.0))
(defvar flowlint-test--wanted
  (let ((codes (getenv "FLOWLINT_TEST_WAIT_CODE")))
    (and codes (split-string codes "," t))))

(defun flowlint-test--write (result)
  (with-temp-file flowlint-test--output
    (insert (json-encode result))))

(unless (locate-library "eglot")
  ;; Reported to the test, which skips: this Emacs cannot run the check at all.
  (flowlint-test--write
   `((missing . "eglot")
     (error . ,(format "Eglot is not available in Emacs %s (install elpa-eglot, or use Emacs 29+)"
                       emacs-version))))
  (kill-emacs 0))

(load (expand-file-name "flowlint-eglot.el" (file-name-directory load-file-name)) nil t)

(let ((command (getenv "FLOWLINT_TEST_CMD")))
  (when command
    (setq flowlint-eglot-command (append (json-read-from-string command) nil))))

(defun flowlint-test--diagnostics ()
  "Flymake's diagnostics in the current buffer, as alists with 1-based lines and 0-based columns."
  (mapcar
   (lambda (diagnostic)
     (let ((beg (flymake-diagnostic-beg diagnostic))
           (end (flymake-diagnostic-end diagnostic)))
       `((line . ,(line-number-at-pos beg))
         (column . ,(save-excursion (goto-char beg) (current-column)))
         (end_line . ,(line-number-at-pos end))
         (end_column . ,(save-excursion (goto-char end) (current-column)))
         (type . ,(symbol-name (flymake-diagnostic-type diagnostic)))
         (text . ,(flymake-diagnostic-text diagnostic)))))
   (flymake-diagnostics)))

(defun flowlint-test--server-stderr ()
  "What the server wrote to stderr: Eglot and jsonrpc keep it in a buffer named like *... stderr*."
  (mapconcat (lambda (buffer) (with-current-buffer buffer (buffer-string)))
             (seq-filter (lambda (buffer) (string-match-p "stderr\\*\\'" (buffer-name buffer)))
                         (buffer-list))
             "\n"))

(defun flowlint-test--done-p ()
  (let ((texts (mapcar #'flymake-diagnostic-text (flymake-diagnostics))))
    (if flowlint-test--wanted
        (seq-some (lambda (text)
                    (seq-some (lambda (wanted) (string-match-p (regexp-quote wanted) text))
                              flowlint-test--wanted))
                  texts)
      texts)))

(condition-case err
    (with-current-buffer (find-file-noselect flowlint-test--file)
      ;; eglot-ensure connects from post-command-hook, which batch mode never runs by itself.
      (run-hooks 'post-command-hook)
      (let ((deadline (+ (float-time) flowlint-test--timeout)))
        (while (and (not (flowlint-test--done-p)) (< (float-time) deadline))
          ;; Flymake defers its first check until Emacs is idle with the buffer shown, which
          ;; never happens in batch mode, so start it by hand.
          (when (bound-and-true-p flymake-mode)
            (flymake-start))
          (accept-process-output nil 0.1))
        (let ((server (eglot-current-server)))
          (flowlint-test--write
           `((emacs_version . ,emacs-version)
             (eglot_library . ,(locate-library "eglot"))
             (major_mode . ,(symbol-name major-mode))
             (server . ,(and server (jsonrpc-name server)))
             (managed . ,(if (bound-and-true-p eglot--managed-mode) t :json-false))
             (timed_out . ,(if (flowlint-test--done-p) :json-false t))
             (diagnostics . ,(vconcat (flowlint-test--diagnostics)))
             (server_stderr . ,(flowlint-test--server-stderr))))
          (when server
            (ignore-errors (eglot-shutdown server))))))
  (error (flowlint-test--write `((error . ,(error-message-string err))
                                 (server_stderr . ,(flowlint-test--server-stderr))))))

(kill-emacs 0)
;;; test-init.el ends here
