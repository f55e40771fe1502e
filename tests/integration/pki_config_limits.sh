#!/usr/bin/env bash
# Hostile `https_pki init --config` files: nesting deeper than 16 (also at the
# 1 MiB input cap, where libyaml alone took minutes), more than 64 anchors or
# 256 aliases, a second document, content after '...', and YAML tags. Each is
# exit 9 with FILE:LINE:COLUMN, one error line and a fix line, and nothing is
# written; pki/example-config.yaml and a file just inside the bounds still work.
# ctest-labels: pki
# ctest-fixture: none
# ctest-timeout: 300
source "$TEST_LIB"

umask 077
head -c 18 /dev/urandom | base64 >pass.txt
P=file:$TEST_WORK_DIR/pass.txt
BASE='root:\n  subject: CN=R\nintermediate:\n  subject: CN=I\nleaves:\n  site:\n    sans: [DNS:localhost]\n'

# repeat N STRING: STRING N times.
repeat() { head -c "$1" /dev/zero | tr '\0' "$2"; }

# refused NAME FILE PATTERN FIX: init --config FILE exits 9 with one line
# "https_pki: FILE:PATTERN", a fix line matching FIX, and no output folder.
refused() {
	local name=$1 file=$2 pattern=$3 fix=$4
	expect_rc "$name" 9 "$HTTPS_PKI" init --config "$file" --dir "out_$name" --pass "$P"
	expect_grep "$name.err" "^https_pki: $file:$pattern" "$name: says where and what"
	expect_grep "$name.err" "^fix: $fix" "$name: has its fix"
	local lines
	lines=$(grep -vc '^fix: ' "$name.err")
	[ "$lines" -eq 1 ] && ok "$name: one error line" || fail "$name: $lines error lines"
	[ ! -e "out_$name" ] && ok "$name: nothing written" || fail "$name: out_$name was written"
}

# Just under the 1 MiB cap (PKI_INPUT_MAX), as the report had them.
n=$(((1024 * 1024 - 16) / 2))
{ printf 'root: '; repeat $n '['; repeat $n ']'; } >deep_flow.yaml
{ printf 'root: '; repeat $n '{'; repeat $n '}'; } >deep_map.yaml
{ printf 'root:\n'; repeat $n '-' | sed 's/-/- /g'; printf 'a\n'; } >deep_block.yaml
{ printf 'x-a:\n'; seq 1 87000 | sed 's/.*/- \&a& x/'; } >anchors.yaml
for f in deep_flow deep_map deep_block anchors; do
	size=$(stat -c %s $f.yaml)
	[ "$size" -gt 900000 ] && [ "$size" -le 1048576 ] && ok "$f.yaml is $size bytes" ||
		fail "$f.yaml is $size bytes, want just under 1 MiB"
done
NEST='mappings and lists nested more than 16 deep \(the format needs 4\)'
refused deep_flow deep_flow.yaml "1:22: $NEST" 'compare with pki/example-config.yaml'
refused deep_map deep_map.yaml "1:22: $NEST" 'compare with pki/example-config.yaml'
refused deep_block deep_block.yaml "2:31: $NEST" 'compare with pki/example-config.yaml'
refused anchors anchors.yaml '66:3: more than 64 anchors \(&name\)' 'write some values out'

# 16 levels are fine (the top-level mapping is the first), 17 are not.
{ printf "$BASE"'x-a: '; repeat 15 '['; repeat 15 ']'; echo; } >depth16.yaml
{ printf "$BASE"'x-a: '; repeat 16 '['; repeat 16 ']'; echo; } >depth17.yaml
expect_rc depth16 0 "$HTTPS_PKI" init --config depth16.yaml --print-config
refused depth17 depth17.yaml "8:21: $NEST" 'compare with'

{ printf "$BASE"'x-a: &a x\nx-b:\n'; repeat 257 'a' | sed 's/a/- *a\n/g'; } >aliases.yaml
refused aliases aliases.yaml '266:3: more than 256 aliases \(\*name\)' 'write some values out'

printf "$BASE"'---\nx-a: 1\n' >two_docs.yaml
refused two_docs two_docs.yaml '8:1: a second YAML document; a config is one document' \
	"keep one document: remove this '---'"
printf "$BASE"'...\nx-a: 1\n' >after_end.yaml
refused after_end after_end.yaml "9:1: content after '...', the end of the document" \
	"keep one document: remove the '...'"
printf "$BASE"'...\n# only a comment after the end\n' >end_comment.yaml
expect_rc end_comment 0 "$HTTPS_PKI" init --config end_comment.yaml --print-config

printf 'root: !foo\n  subject: CN=R\n' >tag_local.yaml
refused tag_local tag_local.yaml "1:7: YAML tags are not part of the format \(this one is '!foo'\)" \
	'remove the tag'
printf 'root:\n  subject: !!str CN=R\n' >tag_std.yaml
refused tag_std tag_std.yaml "2:12: YAML tags are not part of the format \(this one is 'tag:yaml.org,2002:str'\)" \
	'remove the tag'

# The example (anchors, aliases, merges) still makes its chain.
expect_rc example_print 0 "$HTTPS_PKI" init --config "$DEMO_SOURCE_DIR/pki/example-config.yaml" --print-config
expect_grep example_print.out '^  api:' "example_print: prints the api leaf"
expect_rc example_init 0 "$HTTPS_PKI" init --config "$DEMO_SOURCE_DIR/pki/example-config.yaml" --dir cfg --pass "$P"
expect_rc example_verify 0 openssl verify -CAfile cfg/ca_certificates_for_client/ca_public_key.pem \
	-untrusted cfg/certificates/site_public_key.pem -verify_hostname localhost cfg/certificates/site_public_key.pem

finish
