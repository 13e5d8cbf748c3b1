#ifndef FO_GLPK_H
#define FO_GLPK_H

/// A mixed-integer program in flat arrays, minimised. Indices are 0-based.
typedef struct {
    int rows, cols;
    const double *objective;      /* cols */
    const double *col_lower;      /* cols; -HUGE_VAL for none */
    const double *col_upper;      /* cols; +HUGE_VAL for none */
    const int *col_integer;       /* cols; 1 integer, 0 continuous */
    const double *row_lower;      /* rows; -HUGE_VAL for none */
    const double *row_upper;      /* rows; +HUGE_VAL for none */
    int nonzeros;
    const int *row_index;         /* nonzeros */
    const int *col_index;         /* nonzeros */
    const double *value;          /* nonzeros */
    const double *incumbent;      /* cols, or NULL: offered to GLPK as its first integer solution */
    double time_limit_seconds;    /* for the whole solve, LP and branch-and-bound; <= 0 or inf: none */
    double relative_gap;          /* <= 0: GLPK's default */
    int verbose;                  /* 1: let GLPK print */
    int node_limit;               /* > 0: stop branch-and-bound once it has made this many nodes (deterministic, unlike time) */
    double *row_dual;             /* rows, or NULL: receives the LP relaxation's row duals when it is optimal */
} fo_mip;

/// What the solve did.
typedef struct {
    int caught_error;             /* 1: GLPK called its error handler; message says why */
    int intopt_return;            /* glp_intopt's return code (0, GLP_ETMLIM, ...) */
    int status;                   /* glp_mip_status: GLP_OPT, GLP_FEAS, GLP_NOFEAS, GLP_UNDEF */
    double objective;             /* of the best integer solution */
    double bound;                 /* best bound seen (minimisation: a lower bound) */
    int has_bound;
    double lp_objective;          /* the root LP relaxation */
    int node_limit_hit;           /* 1: branch-and-bound stopped at node_limit */
    char message[256];
} fo_result;

/// Builds, solves and deletes the program on the calling thread. GLPK's error handler,
/// which would abort the process, is turned into a return with `caught_error` = 1.
/// `x` (cols) receives the best integer solution when there is one.
int fo_glpk_solve(const fo_mip *model, fo_result *result, double *x);

#endif
