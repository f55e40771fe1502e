#!/usr/bin/env bash
# Headless Chromium with the demo root imported by OUR `https_pki trust`
# (throwaway HOME and NSS database): https://localhost/ and https://127.0.0.1/
# load, the page's marker is read from the DOM, and a screenshot is written into
# the build tree. Then `https_pki untrust` takes the root away again and the
# same browser refuses the same page: the trust came from our import alone.
# ctest-labels: browser
# ctest-timeout: 180
source "$(dirname "$0")/lib.sh" # first: $TEST_LIB changes directory
# shellcheck source=../integration/lib.sh
source "$TEST_LIB"
require_browser_tools

P=$TEST_PKI_DIR
start_demo_server server 0 "$P/certificates/site_public_key.pem" \
	"$P/certificates/site_private_key.pem"
url=https://localhost:$(port 0)/
home=$(new_home trusted)
trust_into "$home" "$P/ca_certificates_for_client/ca_public_key.pem"

expect_page by-name "$home" "$url" "$BROWSER_MARKER"
expect_grep by-name.dom '<title>[^<]+</title>' "by-name: the page has its title"
expect_page by-ip "$home" "https://127.0.0.1:$(port 0)/" "$BROWSER_MARKER"

# The screenshot: a real PNG of the rendered page, kept in the build tree.
shot=$TEST_WORK_DIR/index.png
browser screenshot "$home" "$url" --window-size=1024,768 --screenshot="$shot" --hide-scrollbars
if [ -n "$NET_ERR" ]; then
	fail "screenshot: the page failed to load: $NET_ERR"
elif [ "$(od -An -tx1 -N8 "$shot" 2>/dev/null | tr -d ' \n')" != 89504e470d0a1a0a ]; then
	fail "screenshot: $shot is not a PNG"
else
	size=$(stat -c %s "$shot")
	dims=$(od -An -tu1 -j16 -N8 "$shot" | awk '{print $3*256+$4 "x" $7*256+$8}')
	# A blank or error page compresses to a few KiB; the rendered text does not.
	if [ "$dims" = 1024x768 ] && [ "$size" -gt 12000 ]; then
		ok "screenshot: $shot ($dims, $size bytes)"
	else
		fail "screenshot: $shot is $dims, $size bytes; want 1024x768 with content"
	fi
fi

# untrust removes the root; the same HOME now refuses the page.
if HOME=$home timeout 60 "$HTTPS_PKI" untrust "$P/ca_certificates_for_client/ca_public_key.pem" \
	--nssdb "$home/.pki/nssdb" >untrust.out 2>&1; then
	ok "https_pki untrust ran"
else
	fail "https_pki untrust failed: $(cat untrust.out)"
fi
expect_net_error after-untrust "$home" "$url" ERR_CERT_AUTHORITY_INVALID
finish
