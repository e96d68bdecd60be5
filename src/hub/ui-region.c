#include "hub_int.h"
void ui_home(struct hub_req *r, struct hub_resp *a, const char *rest) { ui_error(a, r, 404, "x"); }
void ui_region_csv(struct hub_req *r, struct hub_resp *a, const char *rest) { ui_error(a, r, 404, "x"); }
void ui_conflicts(struct hub_req *r, struct hub_resp *a, const char *rest) { ui_error(a, r, 404, "x"); }
void ui_conflict_resolve(struct hub_req *r, struct hub_resp *a, const char *rest) { ui_error(a, r, 404, "x"); }
