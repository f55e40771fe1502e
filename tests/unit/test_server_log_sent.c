/*
 * Unit test for server/log.c: a response whose write failed is logged with
 * "-" for its bytes (Combined Log Format's "nothing sent"), never as sent.
 */
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "unit.h"

int
main(void)
{
	char line[512];

	setenv("TZ", "UTC", 1);
	server_log_format(line, sizeof(line), "127.0.0.1", 0, "GET", "/whoami", NULL, "1.1", 200,
	                  SERVER_LOG_NOT_SENT, NULL, NULL);
	UNIT_CHECK_STR(line, "127.0.0.1 - - [01/Jan/1970:00:00:00 +0000] \"GET /whoami "
	                     "HTTP/1.1\" 200 - \"-\" \"-\"");
	/* An empty body that was sent is 0, not "-". */
	server_log_format(line, sizeof(line), "127.0.0.1", 0, "HEAD", "/", NULL, "1.1", 200, 0,
	                  NULL, NULL);
	UNIT_CHECK(strstr(line, "\" 200 0 \"") != NULL);
	return unit_done();
}
