#!/bin/sh
# Writes a man page (OUTDIR/man/NAME.1) and a bash completion
# (OUTDIR/completions/NAME) for one of our programs, from its own --help: the
# same option table that parses the command line prints that help, so the
# three never disagree. For https_pki, every command's --help is read too.
#
#   dist/gen_docs.sh PROGRAM NAME VERSION OUTDIR
#
# Needs only sh and awk (run at build time).
# shellcheck disable=SC2016 # the completion's own $variables are written literally
set -eu
prog=$1 name=$2 version=$3 out=$4
mkdir -p "$out/man" "$out/completions"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$prog" --help >"$tmp/main.help"
: >"$tmp/commands"
if [ "$name" = https_pki ]; then
	awk '/^commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { exit }' \
		"$tmp/main.help" >"$tmp/commands"
	while read -r cmd; do
		"$prog" "$cmd" --help >"$tmp/cmd.$cmd.help"
	done <"$tmp/commands"
fi

awk_lib='
function esc(s) { gsub(/\\/, "\\e", s); gsub(/-/, "\\-", s); return s }
function line(s) { s = esc(s); if (s ~ /^[.'"'"']/) s = "\\&" s; return s }
# An option line: "  -x, --name ARG  help" or "      --name ARG  help".
function is_opt(s) { return s ~ /^  -[^-], --[^ ]/ || s ~ /^      --[^ ]/ }
function split_opt(s,    i) {
	sub(/^ +/, "", s)
	i = index(s, "  ")
	O_left = i ? substr(s, 1, i - 1) : s
	O_help = i ? substr(s, i) : ""
	sub(/^ +/, "", O_help)
	O_short = ""
	if (O_left ~ /^-[^-], /) { O_short = substr(O_left, 1, 2); O_left = substr(O_left, 5) }
	i = index(O_left, " ")
	O_long = i ? substr(O_left, 1, i - 1) : O_left
	O_arg = i ? substr(O_left, i + 1) : ""
}
'

# man page: NAME, SYNOPSIS, DESCRIPTION, OPTIONS (and per command for
# https_pki), then what --help says after the options, as it stands.
man_body() { # man_body HELPFILE SECTION-TITLE
	awk "$awk_lib"'
	NR == 1 { next }
	is_opt($0) {
		if (!opts++) print (sect != "" ? ".SS " sect "\n" : ".SH OPTIONS")
		split_opt($0)
		printf ".TP\n"
		left = (O_short != "" ? esc(O_short) ", " : "") esc(O_long)
		if (O_arg != "") printf ".BI \"%s \" \"%s\"\n", left, esc(O_arg)
		else printf ".B \"%s\"\n", left
		printf "%s\n", line(O_help)
		after = 1
		next
	}
	/^(Options|options):$/ { next }
	{ if (opts && !after_hdr++) print ".PP\n.nf"; else if (!opts && !desc_hdr++ && sect == "") print ".SH DESCRIPTION"; print ($0 == "" ? ".sp" : line($0)) }
	END { if (after_hdr) print ".fi" }
	' sect="$2" "$1"
}

{
	printf '.TH %s 1 "" "https_demo %s" "User Commands"\n' "$(echo "$name" | tr '[:lower:]' '[:upper:]')" "$version"
	printf '.SH NAME\n%s \\- ' "$name"
	case "$name" in
	https_server) echo "serve the demo pages over HTTPS (civetweb, OpenSSL)" ;;
	https_client) echo "fetch an https URL and check the server's certificate (wolfSSL)" ;;
	https_pki) echo "make and check the demo's keys, certificates and chains (OpenSSL)" ;;
	*) echo "$name" ;;
	esac
	printf '.SH SYNOPSIS\n.B %s\n' "$name"
	head -1 "$tmp/main.help" | sed 's/^usage: [^ ]* *//; s/\\/\\e/g; s/-/\\-/g'
	man_body "$tmp/main.help" ""
	if [ -s "$tmp/commands" ]; then
		echo ".SH COMMANDS"
		while read -r cmd; do
			printf '.SS %s\n.nf\n' "$cmd"
			head -1 "$tmp/cmd.$cmd.help" | sed 's/^usage: //; s/\\/\\e/g; s/-/\\-/g'
			printf '.fi\n'
			man_body "$tmp/cmd.$cmd.help" "$cmd options"
		done <"$tmp/commands"
	fi
	printf '.SH SEE ALSO\n'
	for other in https_server https_client https_pki; do
		[ "$other" = "$name" ] || printf '.BR %s (1)\n' "$other"
	done
} >"$out/man/$name.1"

# bash completion: options per program (per command for https_pki); after an
# option that takes a FILE or DIR, file or directory names.
opts_of() { # opts_of HELPFILE -> "words" "file-opts" "dir-opts" "source-opts" on four lines
	awk "$awk_lib"'
	is_opt($0) {
		split_opt($0)
		w = w " " O_long; if (O_short != "") w = w " " O_short
		names = O_long (O_short != "" ? "|" O_short : "")
		if (O_arg ~ /FILE|PATH|OUT|DER|PEM/) f = f (f ? "|" : "") names
		else if (O_arg ~ /DIR/) d = d (d ? "|" : "") names
		else if (O_arg ~ /SOURCE/) s = s (s ? "|" : "") names
		else if (O_arg != "") n = n (n ? "|" : "") names
	}
	END { print w; print f; print d; print s; print n }
	' "$1"
}

complete_case() { # complete_case HELPFILE INDENT
	opts_of "$1" >"$tmp/o"
	{
		read -r words
		read -r files || true
		read -r dirs || true
		read -r sources || true
		read -r others || true
	} <"$tmp/o"
	i=$2
	echo "${i}case \$prev in"
	[ -z "$files" ] || echo "${i}$files) COMPREPLY=(\$(compgen -f -- \"\$cur\")); return ;;"
	[ -z "$dirs" ] || echo "${i}$dirs) COMPREPLY=(\$(compgen -d -- \"\$cur\")); return ;;"
	[ -z "$sources" ] || echo "${i}$sources) COMPREPLY=(\$(compgen -W 'file: env: fd: prompt' -- \"\$cur\")); compopt -o nospace 2>/dev/null; return ;;"
	[ -z "$others" ] || echo "${i}$others) return ;;"
	echo "${i}esac"
	echo "${i}COMPREPLY=(\$(compgen -W '$words' -- \"\$cur\"))"
}

fn=_$(echo "$name" | tr -c 'a-zA-Z0-9_\n' _)
{
	echo "# bash completion for $name (generated from its --help by dist/gen_docs.sh)"
	echo "$fn() {"
	echo '	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} cmd="" w'
	echo '	COMPREPLY=()'
	if [ -s "$tmp/commands" ]; then
		echo '	for w in "${COMP_WORDS[@]:1:COMP_CWORD-1}"; do'
		echo '		case $w in -*) ;; *) cmd=$w; break ;; esac'
		echo '	done'
		echo '	case $cmd in'
		echo "	\"\") COMPREPLY=(\$(compgen -W '$(tr '\n' ' ' <"$tmp/commands")--help --version -V' -- \"\$cur\")) ;;"
		while read -r cmd; do
			echo "	$cmd)"
			complete_case "$tmp/cmd.$cmd.help" "		"
			echo "		;;"
		done <"$tmp/commands"
		echo '	esac'
	else
		complete_case "$tmp/main.help" "	"
	fi
	echo "}"
	echo "complete -o default -F $fn $name"
} >"$out/completions/$name"
