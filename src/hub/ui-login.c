#include "hub_int.h"
void ui_login_form(struct hub_req *r, struct hub_resp *a, const char *rest) { ui_error(a, r, 404, "x"); }
void ui_login_post(struct hub_req *r, struct hub_resp *a, const char *rest) { ui_error(a, r, 404, "x"); }
void ui_logout(struct hub_req *r, struct hub_resp *a, const char *rest) { ui_error(a, r, 404, "x"); }
