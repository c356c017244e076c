"""A reduced maximum-coverage instance solved to optimality by HiGHS's MIP
solver (highspy, one thread), as the peer of Sightline's exact solver:

    cargo run --release --example hard_cases -- --write /tmp/hard
    python examples/peers/mip_highs.py /tmp/hard/medium-s0-r100-p100.bin 100 600

max sum w_i y_i  s.t.  y_i <= sum_{j covers i} x_j,  sum x_j = p,  x binary,
0 <= y <= 1 (the reduced instance's compact model). Arguments: the file
(layout of the `reduced_instance` example), p, and a time limit in seconds
(default 600). Prints the optimum (or the best plan and bound), the LP
relaxation's value, the nodes and the seconds HiGHS took.
"""

import sys
import time

import highspy
import lp_bound
import numpy as np
import scipy.sparse as sp


def read(path):
    """The instance's options, groups, weights and coverage (lp_bound.py's reader)."""
    n_options, n_groups, _, weights, covers = lp_bound.read(path)
    return n_options, n_groups, weights, covers


def model(n, m, weights, covers, p, integer):
    lp = highspy.HighsLp()
    lp.num_col_ = n + m
    lp.num_row_ = m + 1
    lp.col_cost_ = np.concatenate([np.zeros(n), weights])
    lp.col_lower_ = np.zeros(n + m)
    lp.col_upper_ = np.ones(n + m)
    lp.sense_ = highspy.ObjSense.kMaximize
    a = sp.vstack(
        [
            sp.hstack([-covers, sp.identity(m)]),
            sp.hstack([sp.csr_matrix(np.ones((1, n))), sp.csr_matrix((1, m))]),
        ]
    ).tocsc()
    lp.row_lower_ = np.concatenate([np.full(m, -highspy.kHighsInf), [p]])
    lp.row_upper_ = np.concatenate([np.zeros(m), [p]])
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = a.indptr
    lp.a_matrix_.index_ = a.indices
    lp.a_matrix_.value_ = a.data
    if integer:
        lp.integrality_ = [highspy.HighsVarType.kInteger] * n + [highspy.HighsVarType.kContinuous] * m
    return lp


def main():
    path, p = sys.argv[1], int(sys.argv[2])
    limit = float(sys.argv[3]) if len(sys.argv) > 3 else 600.0
    n, m, weights, covers = read(path)
    relaxed = highspy.Highs()
    relaxed.setOptionValue("output_flag", False)
    # One thread for both: HiGHS fixes its thread pool at the first run.
    relaxed.setOptionValue("threads", 1)
    relaxed.passModel(model(n, m, weights, covers, p, False))
    relaxed.run()
    lp_value = relaxed.getInfo().objective_function_value
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("threads", 1)
    highs.setOptionValue("time_limit", limit)
    highs.passModel(model(n, m, weights, covers, p, True))
    started = time.time()
    highs.run()
    seconds = time.time() - started
    info = highs.getInfo()
    optimal = highs.getModelStatus() == highspy.HighsModelStatus.kOptimal
    print(
        f"{path}: HiGHS {info.objective_function_value:.0f} bound {info.mip_dual_bound:.1f} "
        f"optimal {optimal} nodes {info.mip_node_count} in {seconds:.1f} s (LP relaxation {lp_value:.1f})"
    )


if __name__ == "__main__":
    main()
