#!/usr/bin/env bash
# cmake --install into a temporary prefix: the three programs, their man pages
# and bash completions, the pages, the demo CA and certificates, the example
# config. Every option each --help lists (every command's, for https_pki) is
# in the man page and in the completion; the completions complete; the man
# pages render without a warning; the installed programs, run from elsewhere,
# find their default files under the prefix (not in the source tree), even
# after the prefix is moved.
# ctest-labels: install
# ctest-timeout: 120
source "$TEST_LIB"

PREFIX=$TEST_WORK_DIR/prefix
if cmake --install "$DEMO_BUILD_DIR" --prefix "$PREFIX" >install.log 2>&1; then
	ok "cmake --install into $PREFIX"
else
	fail "cmake --install: $(tail -5 install.log)"
	finish
fi

for f in bin/https_server bin/https_client bin/https_pki \
	share/man/man1/https_server.1 share/man/man1/https_client.1 share/man/man1/https_pki.1 \
	share/bash-completion/completions/https_server share/bash-completion/completions/https_client \
	share/bash-completion/completions/https_pki share/https_demo/server/www/index.html \
	share/https_demo/ca_certificates_for_client/ca_public_key.pem \
	share/https_demo/certificates/site_public_key.pem share/https_demo/pki/example-config.yaml; do
	[ -s "$PREFIX/$f" ] && ok "installed $f" || fail "not installed: $f"
done
mode=$(stat -c %a "$PREFIX/share/https_demo/certificates/site_private_key.pem")
[ "$mode" = 600 ] && ok "installed key is 0600" || fail "installed key mode $mode"

# options HELPFILE: the long and short options of the option lines of a --help.
options() { grep -E '^ +(-[^-], )?--[a-z0-9]' "$1" | sed -E 's/^ +//; s/  .*//' | tr ', ' '\n\n' | grep -E '^-' | sort -u; }

check_docs() { # check_docs PROGRAM HELPFILE [MIN-OPTIONS]
	local prog=$1 help=$2 min=${3:-3} man=$PREFIX/share/man/man1/$1.1 comp=$PREFIX/share/bash-completion/completions/$1 o n=0 miss=0
	for o in $(options "$help"); do
		n=$((n + 1))
		grep -qF -- "$(printf '%s' "$o" | sed 's/-/\\-/g')" "$man" || { fail "$prog: $o is not in the man page"; miss=1; }
		grep -qE -- "[' ]${o}[' ]" "$comp" || { fail "$prog: $o is not in the completion"; miss=1; }
	done
	[ "$n" -ge "$min" ] || fail "$prog: only $n options read from $help"
	[ "$miss" -eq 0 ] && ok "$prog: all $n options of $(basename "$help") in the man page and the completion"
}

cd "$TEST_WORK_DIR" || exit 1
for p in https_server https_client https_pki; do
	"$PREFIX/bin/$p" --help >"$p.help"
	min=3
	[ "$p" = https_pki ] && min=0 # its options are per command, below
	check_docs "$p" "$p.help" "$min"
	if groff -man -Tutf8 -ww -z "$PREFIX/share/man/man1/$p.1" 2>"$p.groff" && [ ! -s "$p.groff" ]; then
		ok "$p.1 renders without warnings"
	else
		fail "$p.1: $(head -3 "$p.groff")"
	fi
done
for cmd in $(awk '/^commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 }' https_pki.help); do
	"$PREFIX/bin/https_pki" "$cmd" --help >"pki_$cmd.help"
	check_docs https_pki "pki_$cmd.help"
done

# The completions complete (bash, as bash-completion loads them).
complete_words() { # complete_words PROGRAM WORDS... -> COMPREPLY, one a line
	local prog=$1
	shift
	bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); fn=$(complete -p "${COMP_WORDS[0]}" | sed -E "s/.*-F ([^ ]+) .*/\1/"); "$fn"; printf "%s\n" "${COMPREPLY[@]}"' \
		_ "$PREFIX/share/bash-completion/completions/$prog" "$prog" "$@"
}
[ "$(complete_words https_client --cace)" = --cacert ] && ok "completion: --cace -> --cacert" || fail "client completion: $(complete_words https_client --cace)"
[ -z "$(complete_words https_client -w '')" ] && ok "completion: nothing offered for -w FORMAT" ||
	fail "client completion after -w: $(complete_words https_client -w '')"
[ "$(complete_words https_server --client-c | sort | tr '\n' ' ')" = "--client-ca --client-cert " ] &&
	ok "completion: --client-c -> --client-ca --client-cert" || fail "server completion: $(complete_words https_server --client-c)"
[ "$(complete_words https_pki ini)" = init ] && ok "completion: https_pki ini -> init" || fail "pki command completion"
# (captured first: grep -q would close the pipe early, and pipefail would see SIGPIPE)
words=$(complete_words https_pki init --d)
grep -qx -- --dir <<<"$words" && ok "completion: https_pki init --d -> --dir" || fail "pki option completion: $words"
words=$(complete_words https_pki init --pass f)
grep -qx file: <<<"$words" && ok "completion: --pass SOURCE -> file:" || fail "pki --pass completion: $words"

# Installed programs, run from another directory, use the files under the prefix.
mkdir -p elsewhere && cd elsewhere || exit 1
moved=$TEST_WORK_DIR/moved
mv "$PREFIX" "$moved"
DATA=$moved/bin/../share/https_demo
start_bg server "$moved/bin/https_server" --port "$(port 0)" --pass "file:$DATA/secret/reminder.txt"
if wait_for_log server 'listening on https://'; then
	expect_grep server.log "pages from $DATA/server/www" "installed server: default pages from the prefix"
	expect_no_grep server.log "$DEMO_SOURCE_DIR/(server|certificates|ca_certificates)" "installed server: nothing from the source tree"
	expect_rc fetch 0 "$moved/bin/https_client" -v "https://localhost:$(port 0)/"
	expect_grep fetch.err "trusting only: $DATA/ca_certificates_for_client/ca_public_key.pem" "installed client: the default CA from the prefix"
	expect_grep fetch.out '<html' "installed client fetches from the installed server"
else
	fail "installed https_server did not start"
fi
expect_rc pki_verify 0 "$moved/bin/https_pki" verify --host localhost "$DATA/certificates/site_public_key.pem"
expect_rc pki_version 0 "$moved/bin/https_pki" -V

finish
