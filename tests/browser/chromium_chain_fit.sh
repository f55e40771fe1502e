#!/usr/bin/env bash
# /chain.html and /whoami fit an 800 px wide window: long values (fingerprints,
# subjects, SANs, the suites a browser offers) wrap inside the page instead of
# widening it. A page of this test's own docroot (same origin, so CSP
# default-src 'self' allows its script) lays out each page in an 800 px box
# with the demo's stylesheet and writes the box's scrollWidth and clientWidth
# into its DOM. Negative case:
# the same pages with a stylesheet without the wrapping rule do overflow, so
# the measure can fail. A screenshot at 800 px is kept in the build tree.
# ctest-labels: browser
# ctest-timeout: 180
source "$(dirname "$0")/lib.sh" # first: $TEST_LIB changes directory
# shellcheck source=../integration/lib.sh
source "$TEST_LIB"
require_browser_tools

P=$TEST_PKI_DIR
# make_docroot DIR CSS: the demo's pages with stylesheet CSS, and the measuring page.
make_docroot() {
	mkdir -p "$1"
	cp "$DEMO_SOURCE_DIR/server/www/index.html" "$1/"
	cp "$2" "$1/style.css"
	cat >"$1/fit.js" <<'JS'
/* Lays out each page's body in an 800 px box styled by /style.css, and writes
   the box's scrollWidth and clientWidth into the DOM (frames are refused:
   the server sends X-Frame-Options). */
window.addEventListener("load", function () {
	["chain.html", "whoami"].forEach(function (page) {
		fetch("/" + page).then(function (r) { return r.text(); }).then(function (t) {
			var doc = new DOMParser().parseFromString(t, "text/html");
			var box = document.createElement("div"), r = document.createElement("p");
			box.className = "fit-box";
			box.innerHTML = doc.body.innerHTML;
			document.body.appendChild(box);
			r.id = "fit-" + page.replace(".html", "");
			r.textContent = page + " scrollWidth=" + box.scrollWidth + " clientWidth=" + box.clientWidth;
			document.body.appendChild(r);
		});
	});
});
JS
	printf '.fit-box { width: 800px; overflow: hidden; }\n' >"$1/fit.css"
	cat >"$1/fit.html" <<'HTML'
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>fit</title>
<link rel="stylesheet" href="/style.css"><link rel="stylesheet" href="/fit.css">
<script src="/fit.js"></script></head><body></body></html>
HTML
}
make_docroot www "$DEMO_SOURCE_DIR/server/www/style.css"
grep -v 'overflow-wrap' "$DEMO_SOURCE_DIR/server/www/style.css" >nowrap.css
make_docroot www_nowrap nowrap.css
expect_grep www/style.css '^td[^{]*\{[^}]*overflow-wrap: anywhere' "style.css wraps long values in table cells"

home=$(new_home trusted)
trust_into "$home" "$P/ca_certificates_for_client/ca_public_key.pem"
# The server finds the root (shown on /chain.html) at its default path.
mkdir -p ca_certificates_for_client
cp "$P/ca_certificates_for_client/ca_public_key.pem" ca_certificates_for_client/
for n in 0 1; do
	root=www
	[ "$n" = 1 ] && root=www_nowrap
	start_server "fit$n" --port "$(port "$n")" --cert "$P/certificates/site_public_key.pem" \
		--key "$P/certificates/site_private_key.pem" --pass "$TEST_PASS" --docroot "$root" \
		--access-log off || { fail "server $n did not start"; finish; }
done

# fits NAME PAGE DOM: 0 when PAGE's frame in DOM is no wider than its window.
fits() {
	local line sw cw
	line=$(grep -o "id=\"fit-$2\">[^<]*" "$3")
	sw=$(sed -n 's/.*scrollWidth=\([0-9]*\).*/\1/p' <<<"$line")
	cw=$(sed -n 's/.*clientWidth=\([0-9]*\).*/\1/p' <<<"$line")
	echo "$1: /$2: ${line#*>}" >&2
	[ -n "$sw" ] && [ -n "$cw" ] && [ "$cw" -gt 0 ] && [ "$sw" -le "$cw" ]
}

expect_page fit "$home" "https://localhost:$(port 0)/fit.html" 'id="fit-chain"' --virtual-time-budget=5000
for page in chain whoami; do
	fits fit "$page" fit.dom && ok "/$page fits 800 px: nothing wider than the window" ||
		fail "/$page is wider than its 800 px window"
done
expect_page nowrap "$home" "https://localhost:$(port 1)/fit.html" 'id="fit-chain"' --virtual-time-budget=5000
fits nowrap chain nowrap.dom && fail "without the wrapping rule /chain.html still fits: the measure cannot fail" ||
	ok "without the wrapping rule /chain.html overflows (the measure can fail)"

shot=$TEST_WORK_DIR/chain_800.png
browser shot "$home" "https://localhost:$(port 0)/chain.html" --window-size=800,2400 \
	--screenshot="$shot" --hide-scrollbars
[ "$(od -An -tx1 -N8 "$shot" 2>/dev/null | tr -d ' \n')" = 89504e470d0a1a0a ] &&
	ok "screenshot at 800 px: $shot" || fail "screenshot: $shot is not a PNG"
finish
