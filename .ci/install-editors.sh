#!/usr/bin/env bash
# Installs the editors that tests/editors/ drives headless: Neovim, and Emacs with Eglot.
# Debian/Ubuntu only. Does nothing when they are already there. Runs as root, or through sudo.
set -euo pipefail

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "install-editors: not root and no sudo; cannot install packages" >&2
  exit 1
fi

emacs_has_eglot() {
  # Eglot is built into Emacs 29+; before that it comes from the elpa-eglot package, whose
  # folder `emacs -Q` leaves out of the package path, hence the explicit directory.
  emacs --batch -Q --eval '(progn
    (require (quote package))
    (add-to-list (quote package-directory-list) "/usr/share/emacs/site-lisp/elpa")
    (package-initialize)
    (kill-emacs (if (locate-library "eglot") 0 1)))' >/dev/null 2>&1
}

missing=()
command -v nvim >/dev/null 2>&1 || missing+=(neovim)
command -v emacs >/dev/null 2>&1 || missing+=(emacs-nox)

apt_updated=no
apt_install() {
  if [ "$apt_updated" = no ]; then
    "${as_root[@]}" apt-get update -qq
    apt_updated=yes
  fi
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "$@"
}

if [ "${#missing[@]}" -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-editors: no apt-get; install ${missing[*]} yourself" >&2
    exit 1
  fi
  apt_install "${missing[@]}"
fi

if ! emacs_has_eglot; then
  apt_install elpa-eglot
fi

nvim --version | head -n 1
emacs --version | head -n 1
if emacs_has_eglot; then echo "Eglot: available"; else echo "Eglot: MISSING" >&2; exit 1; fi
