#!/usr/bin/env bash
# The docs test's own negative cases: on a made-up tree it must fail for a
# shown output that differs, a failing command, a wrong exit status shown, a
# block without a language, a skip marker without a reason, and a page that
# cannot reach the end; and pass the same pages once they are right, with
# ports mapped, cd carried from block to block, and a background server.
# ctest-labels: docs
# ctest-fixture: none
source "$TEST_LIB"

RUNNER=$DEMO_SOURCE_DIR/tests/docs/docs_test.py
tree=$TEST_WORK_DIR/tree
mkdir -p "$tree/docs" fakebuild
git -C "$tree" init -q

page() { # page NAME CONTENT: writes docs/NAME.md (or README.md) and stages it
	printf '%s\n' "$2" >"$tree/$1"
	git -C "$tree" add "$1"
}
runner() { # runner NAME PAGE...: runs the docs test on the made-up tree
	local name=$1
	shift
	run "$name" python3 "$RUNNER" "$tree" "$TEST_WORK_DIR/fakebuild" "$TEST_WORK_DIR/$name.work" \
		"$(port 0)" "$@"
}

page README.md '# Good page

```sh
mkdir -p sub && cd sub
echo "port 8080" > f.txt
```

```console
$ cat f.txt
port 8080
$ false
$ echo $?
1
```'
page docs/a.md '# a'
runner good README.md docs/a.md
[ "$RC" -eq 0 ] && ok "a correct page passes" || fail "a correct page failed: $(cat good.out)"
expect_grep good.out "README.md: 4 of 4 steps ran, 0 failed" "all steps ran"
mapped=$(sed -n 's/^port //p' "$TEST_WORK_DIR/good.work/README_md/sub/f.txt")
if [ -n "$mapped" ] && [ "$mapped" -ge "$(port 0)" ] && [ "$mapped" -le "$(port 19)" ]; then
	ok "8080 is mapped to one of the test's ports ($mapped), and cd carries over"
else
	fail "port mapping or cd: '$mapped'"
fi

page docs/a.md '# shown output differs

```console
$ echo hello
goodbye
```'
runner differs docs/a.md
[ "$RC" -ne 0 ] && ok "different output fails" || fail "different output passed"
expect_grep differs.out '`echo hello` did not print the line the page shows' "names the command"

page docs/a.md '# wrong status

```console
$ sh -c "exit 3"
$ echo $?
4
```'
runner status docs/a.md
[ "$RC" -ne 0 ] && ok "a wrong exit status shown fails" || fail "wrong status passed"

page docs/a.md '# failing command

```sh
true
false
echo never
```

```sh
echo after
```'
runner failing docs/a.md
[ "$RC" -ne 0 ] && ok "a failing sh command fails" || fail "failing command passed"
expect_grep failing.out 'docs/a.md:3: this block failed' "names the block"
expect_grep failing.out 'docs/a.md: 0 of 2 steps ran, 1 failed' "the page stops there"

page docs/a.md '# no language

```
echo hidden
```'
runner nolang docs/a.md
[ "$RC" -ne 0 ] && ok "a block without a language fails" || fail "no-language block passed"
expect_grep nolang.out 'without a language' "says so"

page docs/a.md '# skip without reason

<!-- docs-test: skip -->
```sh
false
```'
runner noreason docs/a.md
[ "$RC" -ne 0 ] && ok "a skip without a reason fails" || fail "skip without reason passed"

page docs/a.md '# skip with a reason, a file, a background server

<!-- docs-test: skip it would wait forever -->
```sh
sleep 100000
```

<!-- docs-test: file conf/x.yaml -->
```yaml
a: 1
```

<!-- docs-test: background -->
```sh
echo "listening on https://127.0.0.1:8080/"; exec sleep 100000
```

```console
$ cat conf/x.yaml
a: 1
```'
runner markers docs/a.md
[ "$RC" -eq 0 ] && ok "skip, file and background markers work" || fail "markers: $(cat markers.out)"
expect_grep markers.out 'skip: docs/a.md:4: it would wait forever' "the skip is reported with its reason"
pgrep -f 'sleep 100000' >/dev/null && fail "the background block outlived its page" ||
	ok "the background block was stopped"

finish
