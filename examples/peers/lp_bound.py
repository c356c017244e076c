"""The LP relaxation of a reduced maximum-coverage instance, solved by HiGHS
(scipy's interior point), as an outside reference for Sightline's bound.

    cargo run --release --example reduced_instance -- xlarge /tmp/xl.bin
    python examples/peers/lp_bound.py /tmp/xl.bin 2000

max sum w_i y_i  s.t.  y_i <= sum_{j covers i} x_j,  sum x_j = p,  0 <= x, y <= 1.
Prints the LP value of the reduced instance (the part `solve_scale` reports
as "bound") and the seconds HiGHS took. No plan is a better certificate
than this value: any Lagrangian bound of the same relaxation is at least it.
"""
import sys
import time

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linprog


def read(path):
    """A reduced instance: its options, groups, the weight existing cameras
    already cover, the groups' weights, and the coverage as a sparse
    groups x options matrix."""
    with open(path, "rb") as file:
        data = file.read()
    n_options, n_groups = (int(v) for v in np.frombuffer(data, "<u8", 2, 0))
    base = float(np.frombuffer(data, "<f8", 1, 16)[0])
    weights = np.frombuffer(data, "<f8", n_groups, 24)
    rest = np.frombuffer(data, "<u4", offset=24 + 8 * n_groups)
    lengths = np.empty(n_options, dtype=np.int64)
    starts = np.empty(n_options, dtype=np.int64)
    k = 0
    for j in range(n_options):
        lengths[j] = rest[k]
        starts[j] = k + 1
        k += 1 + int(rest[k])
    groups = np.concatenate([rest[s : s + n] for s, n in zip(starts, lengths)])
    options = np.repeat(np.arange(n_options), lengths)
    covers = sp.csr_matrix((np.ones(len(groups)), (groups, options)), shape=(n_groups, n_options))
    return n_options, n_groups, base, weights, covers


def main():
    path, p = sys.argv[1], int(sys.argv[2])
    n_options, n_groups, base, weights, covers = read(path)
    a_ub = sp.hstack([-covers, sp.identity(n_groups)]).tocsr()
    c = np.concatenate([np.zeros(n_options), -weights])
    a_eq = sp.csr_matrix(np.concatenate([np.ones(n_options), np.zeros(n_groups)])[None, :])
    started = time.time()
    result = linprog(c, A_ub=a_ub, b_ub=np.zeros(n_groups), A_eq=a_eq, b_eq=[p], bounds=(0, 1), method="highs-ipm")
    seconds = time.time() - started
    if result.status != 0:
        sys.exit(f"{path}: HiGHS stopped: {result.message}")
    print(f"{path}: LP value {-result.fun:.1f} (covered already {base:.0f}), {seconds:.1f} s")


if __name__ == "__main__":
    main()
