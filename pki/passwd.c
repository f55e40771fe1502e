/* https_pki passwd: re-encrypts a key under a new passphrase (or none, loudly). */
#include "passwd.h"

#include "cli.h"
#include "defaults.h"
#include "err.h"
#include "fileio.h"
#include "key.h"
#include "keyfile.h"
#include "opts.h"
#include "output.h"
#include "pem.h"
#include "pki.h"
#include "secret.h"

static struct passwd_opts {
	const char *pass, *new_pass, *out;
	int no_pass;
} passwd_opts;

static int
passwd_run(void *opts, int argc, char **argv, struct err *e)
{
	const struct passwd_opts *o = opts;
	const char *path = argv[0];
	char old[DEMO_PASSPHRASE_MAX + 1], new[DEMO_PASSPHRASE_MAX + 1], *buf = NULL;
	const char *dest = o->out ? o->out : path;
	EVP_PKEY *key = NULL;
	size_t len = 0;
	int enc, rc = -1;

	(void)argc;
	old[0] = new[0] = '\0';
	if (o->new_pass != NULL && o->no_pass) {
		err_code(e, DEMO_EXIT_USAGE);
		err_set(e, "--new-pass and --no-passphrase conflict");
		return err_fix(e,
		               "give one: --new-pass SOURCE, or --no-passphrase for a clear key");
	}
	if (o->out != NULL && pki_out_check_kind(o->out, e) == -1)
		return -1;
	if (o->out != NULL && file_exists(o->out)) {
		/* passwd has no --force: --out only ever makes a new file. */
		err_code(e, DEMO_EXIT_EXISTS);
		err_set(e, "%s already exists", o->out);
		return err_fix(e, "choose another --out, or remove %s first", o->out);
	}
	if (pki_file_read(path, &buf, &len, e) == -1)
		return -1;
	enc = pki_key_is_encrypted(buf, len);
	if (enc && pki_pass_open(o->pass ? o->pass : "prompt", path, old, sizeof(old), e) == -1)
		goto done;
	key = pki_key_decode(buf, len, path, enc ? old : NULL, e);
	secret_wipe(old, sizeof(old));
	if (key == NULL)
		goto done;
	if (!o->no_pass &&
	    pki_pass_new(o->new_pass ? o->new_pass : "prompt", dest, new, sizeof(new), e) == -1)
		goto done;
	/* Replacing the key in place is the point of the command: overwrite is implied. */
	if (pki_key_write_new(dest, NULL, key, o->no_pass ? NULL : new, o->out == NULL, e) == -1)
		goto done;
	printf("https_pki: %s now %s\n", dest,
	       o->no_pass ? "has no passphrase" : "opens with the new passphrase");
	rc = 0;
done:
	secret_wipe(new, sizeof(new));
	secret_free(buf, len);
	EVP_PKEY_free(key);
	return rc;
}

static const struct opt passwd_options[] = {
        PKI_OPT_PASS(&passwd_opts.pass, "the current passphrase"),
        {"new-pass", 0, "SOURCE", "the new passphrase", OPT_STRING, &passwd_opts.new_pass, 0, 0,
         NULL},
        PKI_OPT_NO_PASS(&passwd_opts.no_pass, "write the key unencrypted (unsafe)"),
        PKI_OPT_OUT(&passwd_opts.out, "write to a new file instead of replacing KEY"),
        PKI_OPT_END,
};

const struct pki_cmd pki_passwd_cmd = {
        .name = "passwd",
        .summary = "change a key's passphrase",
        .synopsis = "KEY [--pass SOURCE] (--new-pass SOURCE | --no-passphrase) [--out FILE]",
        .about = "Decrypts KEY with the current passphrase and encrypts it again with the new\n"
                 "one (PKCS#8 PBES2, AES-256-CBC, PBKDF2-HMAC-SHA256), replacing the file\n"
                 "atomically.",
        .min_operands = 1,
        .max_operands = 1,
        .operands = "passwd takes exactly one KEY file",
        .options = passwd_options,
        .opts = &passwd_opts,
        .run = passwd_run,
};
