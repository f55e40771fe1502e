/* Placeholder until the https_client part lands; replaced by its owner. */
#include <stdio.h>

int
main(void)
{
	fputs("https_client: not built yet\n", stderr);
	return 1;
}
