#!/usr/bin/env bash
# ./start_https_server.sh prints the port and URL the server really uses, for
# whatever options it is given (--port N, --port=N, -pN, --http-port,
# --client-ca), and the fetch command it prints works as printed.
# ctest-labels: server
# ctest-timeout: 120
source "$TEST_LIB"

S=$DEMO_SOURCE_DIR/start_https_server.sh
export HTTPS_DEMO_BUILD_DIR=$DEMO_BUILD_DIR

# start NAME ARGS...: the script in the background, until the server listens.
start() {
	local name=$1
	shift
	start_bg "$name" "$S" "$@"
	wait_for_log "$name" 'listening on https://' 60
}

banner_check() { # banner_check NAME PORT
	local name=$1 p=$2 cmd
	expect_grep "$name.log" "^  URL: +https://localhost:$p/$" "$name: banner URL has port $p"
	expect_no_grep "$name.log" ':8080' "$name: no stale 8080 in the banner"
	expect_grep "$name.log" "listening on https://127.0.0.1:$p/" "$name: the server listens on $p"
	# Run the first "Fetch it" command exactly as printed (from the source tree, as a user would).
	cmd=$(sed -n 's/^  Fetch it: *//p' "$name.log")
	(cd "$DEMO_SOURCE_DIR" && eval "timeout 20 $cmd") >"$name.fetch" 2>"$name.fetch.err"
	expect_grep "$name.fetch" '<html' "$name: the printed fetch command works"
}

if start long --port "$(port 0)"; then banner_check long "$(port 0)"; else fail "--port N: no start"; fi
stop_all
if start eq "--port=$(port 1)"; then banner_check eq "$(port 1)"; else fail "--port=N: no start"; fi
stop_all
if start short "-p$(port 2)" --http-port "$(port 3)"; then
	banner_check short "$(port 2)"
	expect_grep short.log "^  Plain HTTP: +http://localhost:$(port 3)/" "short: the HTTP port is shown"
else
	fail "-pN: no start"
fi
stop_all
CA=$DEMO_SOURCE_DIR/ca_certificates_for_client/ca_public_key.pem
if start mtls --port "$(port 4)" --client-ca "$CA"; then
	banner_check mtls "$(port 4)"
	expect_grep mtls.log 'Fetch it: .*--cert certificates/client_public_key.pem' "mtls: the fetch command carries a client certificate"
else
	fail "--client-ca: no start"
fi

finish
