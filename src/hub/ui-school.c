#include "hub_int.h"
void ui_school(struct hub_req *r, struct hub_resp *a, const char *rest) { ui_error(a, r, 404, "x"); }
