/* Placeholder until the https_pki part lands; replaced by its owner. */
#include <stdio.h>

int
main(void)
{
	fputs("https_pki: not built yet\n", stderr);
	return 1;
}
