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

/// A linear program kept between solves (column generation's master): rows
/// `Σ a x ≤ row_upper`, columns `x ≥ 0` added as they come, minimised. Create, add,
/// solve and delete it on one thread. After a GLPK error (return 1) it is dead: delete it.
typedef struct fo_lp fo_lp;

/// A program of `rows` rows and no columns yet; NULL when out of memory.
fo_lp *fo_lp_create(int rows, const double *row_upper, int verbose);

/// Adds `count` columns: column k's cost is cost[k], its entries are
/// row_index/value[start[k] ..< start[k + 1]] (0-based rows). 0, or 1 with `message` (256 bytes).
int fo_lp_add_columns(fo_lp *lp, int count, const double *cost, const int *start, const int *row_index, const double *value,
                      char *message);

/// Solves from the last basis: 0 with the objective and the row duals (rows), 2 when
/// the simplex stopped short of an optimum, 1 on a GLPK error; `message` says why.
int fo_lp_solve(fo_lp *lp, double time_limit_seconds, double *objective, double *row_dual, char *message);

/// Adds `count` rows `Σ a x ≤ row_upper[k]` over the columns there are: row k's entries
/// are col_index/value[start[k] ..< start[k + 1]] (0-based columns, in the order added).
/// The basis stays valid (a new row's slack is basic). 0, or 1 with `message` (256 bytes).
int fo_lp_add_rows(fo_lp *lp, int count, const double *row_upper, const int *start, const int *col_index, const double *value,
                   char *message);

/// Fixes `count` columns (0-based, in the order added; others left out) at `value`; the
/// next solve starts from the last basis by the dual simplex. 0, or 1 with `message`.
int fo_lp_fix_columns(fo_lp *lp, int count, const int *col_index, double value, char *message);

/// The last optimal solution's column values (as many as `fo_lp_columns` says), in the
/// order the columns were added.
void fo_lp_primal(fo_lp *lp, double *x);

/// The program's columns.
int fo_lp_columns(fo_lp *lp);

/// Frees the program.
void fo_lp_delete(fo_lp *lp);

#endif
