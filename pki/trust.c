/* Placeholder until pki/trust.c lands (owned by the browser part). */
#include <stdio.h>

int pki_cmd_trust(int argc, char **argv);
int pki_cmd_untrust(int argc, char **argv);

int
pki_cmd_trust(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fputs("https_pki: trust: not built yet\n", stderr);
	return 1;
}

int
pki_cmd_untrust(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fputs("https_pki: untrust: not built yet\n", stderr);
	return 1;
}
