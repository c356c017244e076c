"""Branch and cut for maximum coverage with HiGHS as the LP engine: the
method Sightline's exact solver is being built towards (issue 19), written
plainly so that its bounds and node counts can be checked against.

    cargo run --release --example hard_cases -- --write /tmp/hard
    python examples/peers/branch_and_cut_highs.py /tmp/hard/medium-s0-r100-p100.bin 100 11186

Arguments: a reduced instance (layout of the `reduced_instance` example), p,
the value of a known plan (the incumbent: the search proves that nothing
better exists, or finds better), and a node limit (default 3000).

The compact model max sum w_i z_i, z_i <= sum_{j covers i} y_j, sum y_j = p,
solved as an LP by HiGHS (dual simplex, warm re-solves), with:
- odd-cycle inequalities (the {0, 1/2}-cuts of `sightline_solve::cuts`),
  separated by shortest odd cycles in the options' graph, in rounds while
  the bound falls by more than 0.02 (at the root) or for 5 rounds (nodes);
- reduced-cost fixing against the incumbent (integer weights: a node is cut
  when its bound is below the incumbent plus one);
- depth-first branching on the fractional option with the largest value,
  the branch with it first.
"""

import heapq
import sys
import time

import highspy
import numpy as np
from mip_highs import model, read

n, m, w, C = read(sys.argv[1])
p = int(sys.argv[2])
inc = float(sys.argv[3])
max_nodes = int(sys.argv[4]) if len(sys.argv) > 4 else 3000
C = C.tocsr()
N = [C.indices[C.indptr[i] : C.indptr[i + 1]] for i in range(m)]
h = highspy.Highs()
h.setOptionValue("output_flag", False)
h.setOptionValue("threads", 1)
h.passModel(model(n, m, w, C, p, False))
inf = highspy.kHighsInf
T0 = time.time()
h.run()
print(f"LP relaxation {h.getInfo().objective_function_value:.3f} in {time.time() - T0:.1f} s")
lp_iters = h.getInfo().simplex_iteration_count


def separate(x):
    y = x[:n]
    z = x[n:]
    adj = {}
    for i in np.nonzero(z > 1e-6)[0]:
        s = [j for j in N[i] if y[j] > 1e-6]
        if len(s) < 2:
            continue
        ys = y[N[i]].sum()
        base_cost = (ys - z[i]) + (1 - z[i])
        if base_cost >= 1 - 1e-6:
            continue
        s = sorted(s, key=lambda j: -y[j])[:6]
        for u in range(len(s)):
            for v in range(u + 1, len(s)):
                a, b = s[u], s[v]
                c = max(0.0, base_cost + ys - y[a] - y[b])
                if c < 1 - 1e-6:
                    key = (min(a, b), max(a, b))
                    if key not in adj or adj[key][0] > c:
                        adj[key] = (c, i)
    g = {}
    for (a, b), (c, i) in adj.items():
        g.setdefault(a, []).append((b, c, i))
        g.setdefault(b, []).append((a, c, i))
    cuts = {}
    for v0 in g:
        dist = {(v0, 0): 0.0}
        prev = {}
        pq = [(0.0, v0, 0)]
        while pq:
            d, v, par = heapq.heappop(pq)
            if d > dist.get((v, par), 9):
                continue
            if (v, par) == (v0, 1) or d >= 1 - 1e-6:
                break
            for u, c, i in g[v]:
                nd = d + c
                if nd < dist.get((u, 1 - par), 1.0 - 1e-6):
                    dist[(u, 1 - par)] = nd
                    prev[(u, 1 - par)] = (v, par, i)
                    heapq.heappush(pq, (nd, u, 1 - par))
        if (v0, 1) not in dist:
            continue
        cust = []
        sites = []
        node = (v0, 1)
        steps = 0
        while node != (v0, 0) and steps < 1000:
            v, par, i = prev[node]
            cust.append(i)
            sites.append(node[0])
            node = (v, par)
            steps += 1
        if len(set(sites)) != len(sites) or len(set(cust)) != len(cust) or len(cust) % 2 == 0:
            continue
        cuts[tuple(sorted(cust))] = (sites, cust)
    out = []
    for key, (sites, cust) in cuts.items():
        k = len(cust)
        coef = {}
        for i in cust:
            coef[n + i] = coef.get(n + i, 0) + 1
        cnt = {}
        for i in cust:
            for j in N[i]:
                cnt[j] = cnt.get(j, 0) + 1
        for j, c in cnt.items():
            coef[j] = -((c + 1) // 2)
        idx = np.array(list(coef.keys()))
        val = np.array([coef[j] for j in idx], dtype=float)
        if (val * x[idx]).sum() > (k - 1) / 2 + 1e-4:
            out.append((idx.astype(np.int32), val, (k - 1) / 2))
    return out


def cut_loop(max_rounds):
    global lp_iters
    total = 0
    before = h.getInfo().objective_function_value
    for r in range(max_rounds):
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return total
        x = np.array(h.getSolution().col_value)
        cuts = separate(x)
        if not cuts:
            break
        for idx, val, rhs in cuts:
            h.addRow(-inf, rhs, len(idx), idx, val)
        total += len(cuts)
        h.run()
        lp_iters += h.getInfo().simplex_iteration_count
        after = h.getInfo().objective_function_value
        if h.getModelStatus() == highspy.HighsModelStatus.kOptimal and before - after < 0.02:
            break
        before = after
    return total


ncuts = cut_loop(50)
root = h.getInfo().objective_function_value
print(f"root bound {root:.3f} after {ncuts} cuts, {time.time() - T0:.1f}s")
# reduced cost fixing at root
sol = h.getSolution()
x = np.array(sol.col_value)
rc = np.array(sol.col_dual)[:n]
y = x[:n]
gap = root - (inc + 1)  # need bound >= inc+1 to improve
lo = np.zeros(n)
hi = np.ones(n)
fix0 = (y < 1e-6) & (rc < -gap - 1e-6)
fix1 = (y > 1 - 1e-6) & (rc > gap + 1e-6)
hi[fix0] = 0
lo[fix1] = 1
print("root fixing:", fix0.sum(), "out,", fix1.sum(), "in; free", n - fix0.sum() - fix1.sum())
# DFS B&B
stack = [(lo.copy(), hi.copy())]
nodes = 0
best = inc
while stack and nodes < max_nodes:
    lo_n, hi_n = stack.pop()
    nodes += 1
    h.changeColsBounds(n, np.arange(n, dtype=np.int32), lo_n, hi_n)
    h.run()
    lp_iters += h.getInfo().simplex_iteration_count
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        continue
    if h.getInfo().objective_function_value < best + 1 - 1e-6:
        continue
    ncuts += cut_loop(5)
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        continue
    bound = h.getInfo().objective_function_value
    if bound < best + 1 - 1e-6:
        continue
    sol = h.getSolution()
    x = np.array(sol.col_value)
    y = x[:n]
    rc = np.array(sol.col_dual)[:n]
    frac = np.nonzero((y > 1e-6) & (y < 1 - 1e-6))[0]
    if len(frac) == 0:
        best = bound
        print("new incumbent", best)
        continue
    g = bound - (best + 1)
    lo2 = lo_n.copy()
    hi2 = hi_n.copy()
    hi2[(y < 1e-6) & (rc < -g - 1e-6)] = 0
    lo2[(y > 1 - 1e-6) & (rc > g + 1e-6)] = 1
    j = frac[np.argmax(y[frac])]
    a_lo, a_hi = lo2.copy(), hi2.copy()
    a_hi[j] = 0
    b_lo, b_hi = lo2.copy(), hi2.copy()
    b_lo[j] = 1
    stack.append((a_lo, a_hi))
    stack.append((b_lo, b_hi))
    if nodes % 50 == 0:
        print(f"node {nodes} bound {bound:.2f} stack {len(stack)} cuts {ncuts} {time.time() - T0:.1f}s", flush=True)
print(
    f"done: nodes {nodes}, open {len(stack)}, cuts {ncuts}, lp iterations {lp_iters}, {time.time() - T0:.1f}s, best {best}"
)
