# Helpers for the headless-Chromium tests; sourced (before "$TEST_LIB"), never run
# (tests/CMakeLists.txt skips files named lib.sh).
#
# Every browser gets a throwaway HOME (so its NSS database, $HOME/.pki/nssdb,
# is the test's own, never this machine's) and a fresh --user-data-dir, both
# under $TEST_WORK_DIR. Chromium runs under `timeout`, which signals its whole
# process group, so no browser outlives its test. docs/architecture.md fact 7: headless
# Chromium exits 0 even when the page failed, so we read the DOM it printed or
# the "Page load failed: net::ERR_..." line on its stderr.

# Chromium's own flags (docs/architecture.md fact 7): nothing but loopback is reachable.
BROWSER_FLAGS=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
	--disable-background-networking --disable-component-update --disable-sync)
BROWSER_RULES="MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"
BROWSER_LIMIT=60

# The marker server/www/index.html carries for tests (<p id="marker">).
# shellcheck disable=SC2034 # used by the scripts that source this
BROWSER_MARKER='id="marker"[^>]*>HTTPS demo: connection verified<'

# require_browser_tools: chromium and certutil must exist. A missing tool is a
# failure, never a skip: CI installs both (scripts/install_deps.sh --test).
require_browser_tools() {
	local tool missing=0
	for tool in chromium certutil; do
		if ! command -v "$tool" >/dev/null; then
			fail "$tool is not installed; the browser tests cannot run"
			log "fix: sudo apt-get install chromium libnss3-tools (or scripts/install_deps.sh --test)"
			missing=1
		fi
	done
	if [ "$missing" -ne 0 ]; then
		finish
	fi
}

# new_home NAME: makes an empty throwaway HOME ($TEST_WORK_DIR/NAME.home) and
# prints its path. Its NSS database is $HOME/.pki/nssdb (not created here).
new_home() {
	local home=$TEST_WORK_DIR/$1.home
	rm -rf "$home"
	mkdir -p "$home"
	chmod 700 "$home"
	echo "$home"
}

# trust_into HOME CA_FILE: imports CA_FILE into HOME's Chromium database
# with OUR https_pki trust (the code under test), and checks it worked.
trust_into() {
	local home=$1 ca=$2
	if HOME=$home timeout 60 "$HTTPS_PKI" trust "$ca" --nssdb "$home/.pki/nssdb" \
		>"$home.trust.out" 2>&1; then
		ok "https_pki trust imported $(basename "$ca") into $home/.pki/nssdb"
	else
		fail "https_pki trust failed; its output:"
		sed 's/^/    /' "$home.trust.out" >&2
	fi
}

# browser NAME HOME URL [CHROMIUM ARGS...]: loads URL in a fresh headless
# Chromium whose HOME is HOME; the DOM goes to NAME.dom, stderr to NAME.err.
# Extra arguments (e.g. --screenshot=FILE) go before the URL. Sets NET_ERR to
# the net::ERR_... code of a failed load, or "" when the page loaded.
browser() {
	local name=$1 home=$2 url=$3 rules=$BROWSER_RULES
	shift 3
	if [ -n "${BROWSER_MAP:-}" ]; then
		rules="$BROWSER_MAP, $rules"
	fi
	rm -rf "$TEST_WORK_DIR/$name.profile"
	HOME=$home timeout -k 5 "$BROWSER_LIMIT" chromium "${BROWSER_FLAGS[@]}" \
		--user-data-dir="$TEST_WORK_DIR/$name.profile" \
		--host-resolver-rules="$rules" "$@" "$url" \
		>"$name.dom" 2>"$name.err" </dev/null
	BROWSER_RC=$?
	NET_ERR=$(grep -o 'Page load failed: net::ERR_[A-Z_]*' "$name.err" | head -n 1 |
		sed 's/.*net::/net::/')
	if [ "$BROWSER_RC" -eq 124 ] || [ "$BROWSER_RC" -eq 137 ]; then
		fail "$name: chromium did not finish within $BROWSER_LIMIT s"
	fi
}

# expect_page NAME HOME URL PATTERN [ARGS...]: URL must load and its DOM match PATTERN.
expect_page() {
	local name=$1 home=$2 url=$3 pattern=$4
	shift 4
	browser "$name" "$home" "$url" --dump-dom "$@"
	if [ -n "$NET_ERR" ]; then
		fail "$name: $url failed to load: $NET_ERR"
		grep -v -e dbus -e 'unexpected operator' "$name.err" | tail -n 5 | sed 's/^/    /' >&2
		return
	fi
	expect_grep "$name.dom" "$pattern" "$name: $url loads and shows /$pattern/"
}

# expect_net_error NAME HOME URL ERR [ARGS...]: the load must fail with net::ERR.
expect_net_error() {
	local name=$1 home=$2 url=$3 want=$4
	shift 4
	browser "$name" "$home" "$url" --dump-dom "$@"
	if [ "$NET_ERR" = "net::$want" ]; then
		ok "$name: chromium refuses $url with net::$want"
	else
		fail "$name: $url gave '${NET_ERR:-a loaded page}', want net::$want"
		grep -v -e dbus -e 'unexpected operator' "$name.err" | tail -n 5 | sed 's/^/    /' >&2
	fi
	expect_no_grep "$name.dom" 'id="marker"' "$name: no page content was shown"
}

# start_demo_server NAME N CERT KEY: our server on this test's port N, with the
# given chain and key (passphrase of the fixture), serving server/www.
start_demo_server() {
	local name=$1 n=$2 cert=$3 key=$4
	if start_server "$name" --port "$(port "$n")" --cert "$cert" --key "$key" \
		--pass "$TEST_PASS" --docroot "$DEMO_SOURCE_DIR/server/www"; then
		ok "$name listens on port $(port "$n")"
	else
		fail "$name did not start"
		finish
	fi
}
