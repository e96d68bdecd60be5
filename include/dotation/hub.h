/*
 * hub: dotation-hub, the Region's upstream. Stations push their journal
 * to it and pull the roster and the Region's holdings from it (protocol
 * v1, docs/sync-protocol.md); the Region and the schools follow the
 * distribution on its dashboard. PostgreSQL is the store; hub processes
 * keep no state of their own, so several can serve one database.
 * docs/hub.md says how a Region deploys it.
 */
#ifndef DOTATION_HUB_H
#define DOTATION_HUB_H

#include <stdbool.h>

/* Bounds of what one request may carry. */
#define DOT_HUB_MAX_EVENTS 500
#define DOT_HUB_MAX_BODY ((size_t)4 << 20)  /* POST /api/v1/events */
#define DOT_HUB_MAX_FORM ((size_t)16 << 10) /* dashboard forms */
#define DOT_HUB_PAGE 500                    /* feed items per page */

/*
 * The administration commands. Each opens its own connection with
 * conninfo (libpq's syntax), returns 0 or a negative dot_rc (DOT_ERULE
 * for an invalid UAI, an unknown school, an invalid roster...) and a
 * translated *cause the caller frees. *msg, when set, is a sentence for
 * stdout.
 */
int dot_hub_migrate(const char *conninfo, char **msg, char **cause);
int dot_hub_school_add(const char *conninfo, const char *uai, const char *name,
		       char **cause);
int dot_hub_token_add(const char *conninfo, const char *uai,
		      const char *station, const char *out_path, char **cause);
int dot_hub_token_revoke(const char *conninfo, const char *uai,
			 const char *station, long *revoked, char **cause);
int dot_hub_user_add(const char *conninfo, const char *login, const char *uai,
		     const char *password, char **cause);
int dot_hub_roster_import(const char *conninfo, const char *uai,
			  const char *path, char **msg, char **cause);

struct dot_hub_serve_opts {
	const char *conninfo;
	const char *listen; /* ADDR:PORT */
	const char *cert, *key;
	int threads; /* worker threads, each with its own connection */
};

/*
 * Serve the protocol under /api and the dashboard under / until SIGINT
 * or SIGTERM. Returns 0 after a clean stop, or a negative dot_rc with
 * *cause (bad address, unreadable certificate, database unreachable or
 * schema not migrated).
 */
int dot_hub_serve(const struct dot_hub_serve_opts *o, char **cause);

#endif
