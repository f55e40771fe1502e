/* Placeholder until the https_server part lands; replaced by its owner. */
#include <stdio.h>

int
main(void)
{
	fputs("https_server: not built yet\n", stderr);
	return 1;
}
