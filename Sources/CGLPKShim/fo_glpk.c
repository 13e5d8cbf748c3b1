#include "fo_glpk.h"

#include <glpk.h>
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* State one solve shares with GLPK's hooks and callback; one per call, on its stack. */
typedef struct {
    jmp_buf on_error;
    char last_line[256];
    int verbose;
    const double *incumbent;
    int cols;
    int offered;
    double bound;
    int has_bound;
    int node_limit;
    int stopped;
} fo_state;

/* Milliseconds left of a limit of `limit_s` seconds that started at `started_ms`
   (glp_time), as GLPK's int tm_lim wants them: the simplex and branch-and-bound share
   one limit; never less than 1 (0 would be no limit at all); no limit fits INT_MAX. */
static int fo_ms_left(double limit_s, double started_ms) {
    if (!(limit_s > 0) || isinf(limit_s)) return INT_MAX;
    double left = limit_s * 1000.0 - (glp_time() - started_ms);
    if (!(left >= 1)) return 1;
    if (left >= (double)INT_MAX) return INT_MAX;
    return (int)left;
}

static int fo_term(void *info, const char *s) {
    fo_state *st = (fo_state *)info;
    /* Keep the last line GLPK prints: after an error it says what went wrong. */
    strncpy(st->last_line, s, sizeof st->last_line - 1);
    st->last_line[sizeof st->last_line - 1] = 0;
    size_t n = strlen(st->last_line);
    while (n > 0 && (st->last_line[n - 1] == '\n' || st->last_line[n - 1] == '\r')) st->last_line[--n] = 0;
    /* GLPK would print to standard output, where the plan goes: its log goes to
       standard error, and only with --verbose. */
    if (st->verbose) fputs(s, stderr);
    return 1;
}

static void fo_error(void *info) {
    fo_state *st = (fo_state *)info;
    longjmp(st->on_error, 1);
}

static void fo_callback(glp_tree *tree, void *info) {
    fo_state *st = (fo_state *)info;
    switch (glp_ios_reason(tree)) {
    case GLP_IHEUR:
        if (st->incumbent && !st->offered) {
            st->offered = 1;
            double *x = malloc(sizeof(double) * ((size_t)st->cols + 1));
            if (x) {
                x[0] = 0;
                memcpy(x + 1, st->incumbent, sizeof(double) * (size_t)st->cols);
                glp_ios_heur_sol(tree, x);
                free(x);
            }
        }
        break;
    default: {
        if (st->node_limit > 0 && !st->stopped) {
            int made = 0;
            glp_ios_tree_size(tree, NULL, NULL, &made);
            if (made >= st->node_limit) {
                st->stopped = 1;
                glp_ios_terminate(tree);
            }
        }
        int best = glp_ios_best_node(tree);
        if (best) {
            double b = glp_ios_node_bound(tree, best);
            if (!st->has_bound || b > st->bound) { st->bound = b; st->has_bound = 1; }
        }
        break;
    }
    }
}

int fo_glpk_solve(const fo_mip *m, fo_result *r, double *x) {
    memset(r, 0, sizeof *r);
    if (m->rows < 0 || m->cols < 0 || m->nonzeros < 0) {
        strcpy(r->message, "negative row, column or nonzero count");
        r->caught_error = 1;
        return 1;
    }
    double started = glp_time();
    fo_state *st = calloc(1, sizeof *st);
    if (!st) { strcpy(r->message, "out of memory"); r->caught_error = 1; return 1; }
    st->verbose = m->verbose;
    st->incumbent = m->incumbent;
    st->cols = m->cols;
    st->node_limit = m->node_limit;
    /* volatile: their values must survive a longjmp back from GLPK's error handler. */
    int *volatile ia = NULL, *volatile ja = NULL;
    double *volatile ar = NULL;
    glp_prob *volatile p = NULL;

    glp_term_hook(fo_term, st);
    glp_error_hook(fo_error, st);
    if (setjmp(st->on_error)) {
        /* GLPK's environment is unusable after an error: free all of it. */
        r->caught_error = 1;
        snprintf(r->message, sizeof r->message, "%s", st->last_line[0] ? st->last_line : "GLPK error");
        glp_free_env();
        free(ia); free(ja); free(ar); free(st);
        return 1;
    }
    p = glp_create_prob();
    glp_set_obj_dir(p, GLP_MIN);
    if (m->rows > 0) glp_add_rows(p, m->rows);
    if (m->cols > 0) glp_add_cols(p, m->cols);
    for (int j = 0; j < m->cols; j++) {
        double lo = m->col_lower[j], up = m->col_upper[j];
        int type = isinf(lo) ? (isinf(up) ? GLP_FR : GLP_UP) : (isinf(up) ? GLP_LO : (lo == up ? GLP_FX : GLP_DB));
        glp_set_col_bnds(p, j + 1, type, isinf(lo) ? 0 : lo, isinf(up) ? 0 : up);
        glp_set_obj_coef(p, j + 1, m->objective[j]);
        if (m->col_integer[j]) glp_set_col_kind(p, j + 1, GLP_IV);
    }
    for (int i = 0; i < m->rows; i++) {
        double lo = m->row_lower[i], up = m->row_upper[i];
        int type = isinf(lo) ? (isinf(up) ? GLP_FR : GLP_UP) : (isinf(up) ? GLP_LO : (lo == up ? GLP_FX : GLP_DB));
        glp_set_row_bnds(p, i + 1, type, isinf(lo) ? 0 : lo, isinf(up) ? 0 : up);
    }
    size_t slots = (size_t)m->nonzeros + 1;
    ia = malloc(sizeof(int) * slots);
    ja = malloc(sizeof(int) * slots);
    ar = malloc(sizeof(double) * slots);
    if (!ia || !ja || !ar) {
        glp_delete_prob(p);
        glp_error_hook(NULL, NULL);
        glp_term_hook(NULL, NULL);
        free(ia); free(ja); free(ar); free(st);
        strcpy(r->message, "out of memory for the constraint matrix");
        r->caught_error = 1;
        return 1;
    }
    for (int k = 0; k < m->nonzeros; k++) {
        ia[k + 1] = m->row_index[k] + 1;
        ja[k + 1] = m->col_index[k] + 1;
        ar[k + 1] = m->value[k];
    }
    glp_load_matrix(p, m->nonzeros, ia, ja, ar);
    /* Coefficients span minutes to a million a visit: scale rows and columns, or the
       simplex crawls through ill-conditioned bases. */
    glp_scale_prob(p, GLP_SF_AUTO);

    /* The LP first (presolve off, so the incumbent's columns are the model's). */
    glp_smcp smcp;
    glp_init_smcp(&smcp);
    smcp.msg_lev = m->verbose ? GLP_MSG_ON : GLP_MSG_OFF;
    smcp.tm_lim = fo_ms_left(m->time_limit_seconds, started);
    /* A pure LP (the bound's) gains from presolve; a MIP keeps its original columns for
       the incumbent, so no presolve there. */
    int integers = 0;
    for (int j = 0; j < m->cols; j++) integers += m->col_integer[j] ? 1 : 0;
    /* Not when duals are asked for: they are read from the original rows' basis. */
    if (integers == 0 && !m->row_dual) smcp.presolve = GLP_ON;
    int lp = glp_simplex(p, &smcp);
    if (lp == 0 && glp_get_status(p) == GLP_OPT) {
        r->lp_objective = glp_get_obj_val(p);
        if (m->row_dual) for (int i = 0; i < m->rows; i++) m->row_dual[i] = glp_get_row_dual(p, i + 1);
        st->bound = r->lp_objective;
        st->has_bound = 1;
    }

    glp_iocp iocp;
    glp_init_iocp(&iocp);
    iocp.msg_lev = m->verbose ? GLP_MSG_ON : GLP_MSG_OFF;
    iocp.presolve = GLP_OFF;
    iocp.br_tech = GLP_BR_DTH;
    iocp.bt_tech = GLP_BT_BPH;
    iocp.mir_cuts = GLP_ON;
    iocp.cb_func = fo_callback;
    iocp.cb_info = st;
    /* What the simplex left of the one limit. */
    iocp.tm_lim = fo_ms_left(m->time_limit_seconds, started);
    if (m->relative_gap > 0) iocp.mip_gap = m->relative_gap;
    int lp_status = (lp == 0) ? glp_get_status(p) : GLP_UNDEF;
    if (lp_status == GLP_OPT) {
        r->intopt_return = glp_intopt(p, &iocp);
        r->status = glp_mip_status(p);
    } else {
        /* No LP optimum: infeasible (no point at all) or out of time before one. */
        r->intopt_return = lp;
        r->status = (lp_status == GLP_NOFEAS) ? GLP_NOFEAS : GLP_UNDEF;
    }
    if (r->status == GLP_OPT || r->status == GLP_FEAS) {
        r->objective = glp_mip_obj_val(p);
        for (int j = 0; j < m->cols; j++) x[j] = glp_mip_col_val(p, j + 1);
    }
    r->bound = st->bound;
    r->has_bound = st->has_bound;
    r->node_limit_hit = st->stopped;
    if (r->status == GLP_OPT) { r->bound = r->objective; r->has_bound = 1; }
    glp_delete_prob(p);
    glp_error_hook(NULL, NULL);
    glp_term_hook(NULL, NULL);
    free(ia); free(ja); free(ar); free(st);
    return 0;
}

/* ---- A linear program kept between solves: column generation's master. ---- */

struct fo_lp {
    glp_prob *prob;
    fo_state st;
    int dead;   /* GLPK failed: its environment was freed, and the problem with it */
    int solved; /* a basis exists from an earlier solve: start from it */
    int fixed;  /* bounds changed since the last solve: the basis stays dual feasible */
};

/* Hooks for one call on `lp`; returns 0, or 1 when GLPK called its error handler. The
   macro keeps setjmp in the caller's frame, as it must be. */
#define FO_LP_GUARD(lp, message)                                                     \
    do {                                                                            \
        glp_term_hook(fo_term, &(lp)->st);                                          \
        glp_error_hook(fo_error, &(lp)->st);                                        \
        if (setjmp((lp)->st.on_error)) {                                            \
            snprintf(message, 256, "%s", (lp)->st.last_line[0] ? (lp)->st.last_line : "GLPK error"); \
            glp_free_env();                                                         \
            (lp)->prob = NULL;                                                      \
            (lp)->dead = 1;                                                         \
            return 1;                                                               \
        }                                                                           \
    } while (0)

static void fo_lp_unhook(void) {
    glp_error_hook(NULL, NULL);
    glp_term_hook(NULL, NULL);
}

fo_lp *fo_lp_create(int rows, const double *row_upper, int verbose) {
    fo_lp *lp = calloc(1, sizeof *lp);
    if (!lp || rows < 0) { free(lp); return NULL; }
    lp->st.verbose = verbose;
    glp_term_hook(fo_term, &lp->st);
    lp->prob = glp_create_prob();
    glp_set_obj_dir(lp->prob, GLP_MIN);
    if (rows > 0) glp_add_rows(lp->prob, rows);
    for (int i = 0; i < rows; i++) glp_set_row_bnds(lp->prob, i + 1, GLP_UP, 0, row_upper[i]);
    glp_term_hook(NULL, NULL);
    return lp;
}

int fo_lp_solve(fo_lp *lp, double time_limit_seconds, double *objective, double *row_dual, char *message) {
    if (lp->dead) { snprintf(message, 256, "the LP was lost to an earlier GLPK error"); return 1; }
    FO_LP_GUARD(lp, message);
    double started = glp_time();
    glp_smcp smcp;
    glp_init_smcp(&smcp);
    smcp.msg_lev = lp->st.verbose ? GLP_MSG_ON : GLP_MSG_OFF;
    smcp.tm_lim = fo_ms_left(time_limit_seconds, started);
    /* From the last basis (warm start: columns added since are non-basic at zero); the
       first solve scales the rows and columns it has and builds a basis. */
    if (!lp->solved) {
        glp_scale_prob(lp->prob, GLP_SF_AUTO);
        glp_adv_basis(lp->prob, 0);
        lp->solved = 1;
    }
    /* Fixed columns leave the last basis primal infeasible but dual feasible: the dual
       simplex goes on from it (GLPK falls back to the primal if it fails). */
    if (lp->fixed) smcp.meth = GLP_DUALP;
    lp->fixed = 0;
    int ret = glp_simplex(lp->prob, &smcp);
    if (ret != 0 || glp_get_status(lp->prob) != GLP_OPT) {
        fo_lp_unhook();
        snprintf(message, 256, "the simplex stopped (return %d, status %d)", ret, glp_get_status(lp->prob));
        return 2;
    }
    *objective = glp_get_obj_val(lp->prob);
    int rows = glp_get_num_rows(lp->prob);
    for (int i = 0; i < rows; i++) row_dual[i] = glp_get_row_dual(lp->prob, i + 1);
    fo_lp_unhook();
    return 0;
}

/* Adds `count` columns (`rows` 0) or rows (`rows` 1): entry lists index/value[start[k]
   ..< start[k + 1]] over the other dimension (0-based; indices outside it are left out),
   each column's cost or each row's upper bound in `number`. */
static int fo_lp_add(fo_lp *lp, int rows, int count, const double *number, const int *start, const int *index, const double *value,
                     char *message) {
    if (lp->dead) { snprintf(message, 256, "the LP was lost to an earlier GLPK error"); return 1; }
    if (count <= 0) return 0;
    FO_LP_GUARD(lp, message);
    int across = rows ? glp_get_num_cols(lp->prob) : glp_get_num_rows(lp->prob);
    int first = rows ? glp_add_rows(lp->prob, count) : glp_add_cols(lp->prob, count);
    int longest = 0;
    for (int k = 0; k < count; k++) if (start[k + 1] - start[k] > longest) longest = start[k + 1] - start[k];
    int *ind = malloc(sizeof(int) * ((size_t)longest + 1));
    double *val = malloc(sizeof(double) * ((size_t)longest + 1));
    if (!ind || !val) { free(ind); free(val); fo_lp_unhook(); snprintf(message, 256, "out of memory"); return 1; }
    for (int k = 0; k < count; k++) {
        int n = 0;
        for (int t = start[k]; t < start[k + 1]; t++) {
            if (index[t] < 0 || index[t] >= across) continue;
            ind[n + 1] = index[t] + 1;
            val[n + 1] = value[t];
            n++;
        }
        if (rows) {
            glp_set_row_bnds(lp->prob, first + k, GLP_UP, 0, number[k]);
            glp_set_mat_row(lp->prob, first + k, n, ind, val);
            /* The new row's slack joins the basis: the last basis stays a basis. */
            glp_set_row_stat(lp->prob, first + k, GLP_BS);
        } else {
            glp_set_col_bnds(lp->prob, first + k, GLP_LO, 0, 0);
            glp_set_obj_coef(lp->prob, first + k, number[k]);
            glp_set_mat_col(lp->prob, first + k, n, ind, val);
        }
    }
    free(ind);
    free(val);
    fo_lp_unhook();
    return 0;
}

int fo_lp_add_columns(fo_lp *lp, int count, const double *cost, const int *start, const int *row_index, const double *value,
                      char *message) {
    return fo_lp_add(lp, 0, count, cost, start, row_index, value, message);
}

int fo_lp_add_rows(fo_lp *lp, int count, const double *row_upper, const int *start, const int *col_index, const double *value,
                   char *message) {
    return fo_lp_add(lp, 1, count, row_upper, start, col_index, value, message);
}

int fo_lp_fix_columns(fo_lp *lp, int count, const int *col_index, double value, char *message) {
    if (lp->dead) { snprintf(message, 256, "the LP was lost to an earlier GLPK error"); return 1; }
    if (count <= 0) return 0;
    FO_LP_GUARD(lp, message);
    int cols = glp_get_num_cols(lp->prob);
    for (int k = 0; k < count; k++) {
        if (col_index[k] < 0 || col_index[k] >= cols) continue;
        glp_set_col_bnds(lp->prob, col_index[k] + 1, GLP_FX, value, value);
    }
    lp->fixed = 1;
    fo_lp_unhook();
    return 0;
}

void fo_lp_primal(fo_lp *lp, double *x) {
    if (lp->dead || !lp->prob) return;
    int cols = glp_get_num_cols(lp->prob);
    for (int j = 0; j < cols; j++) x[j] = glp_get_col_prim(lp->prob, j + 1);
}

int fo_lp_columns(fo_lp *lp) {
    return lp->dead || !lp->prob ? 0 : glp_get_num_cols(lp->prob);
}

void fo_lp_delete(fo_lp *lp) {
    if (!lp) return;
    if (!lp->dead && lp->prob) glp_delete_prob(lp->prob);
    free(lp);
}
