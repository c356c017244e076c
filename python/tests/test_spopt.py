"""The solver on a matrix against spopt's own San Francisco fixture: the
published optimum (875,247 people with Store_2, 11, 12 and 15), and spopt's
MCLP itself when it is installed (CI installs it)."""

import os

import numpy as np
import pytest

import sightline
from conftest import shared_data

pandas = pytest.importorskip("pandas")


def fixture():
    path = shared_data() / "benchmarks" / "spopt-sf" / "SF_network_distance_candidateStore_16_censusTract_205_new.csv"
    table = pandas.read_csv(path)
    cost = table.pivot(index="DestinationName", columns="name", values="distance")
    weights = table.groupby("DestinationName")["demand"].first().loc[cost.index]
    return cost, weights


@pytest.mark.parametrize("solver", ["exact", "auto"])
def test_the_published_optimum(solver):
    cost, weights = fixture()
    assert cost.shape == (205, 16) and weights.sum() == 955_113
    cover = sightline.maximal_covering(cost, weights, 5000, 4, solver=solver)
    assert cover.objective == 875_247
    assert sorted(cover.sites) == ["Store_11", "Store_12", "Store_15", "Store_2"]
    assert cover.proven_optimal and cover.upper_bound == 875_247
    assert cover.covered.sum() == 184
    assert weights.to_numpy()[cover.covered].sum() == 875_247


def test_greedy_keeps_its_guarantee_and_a_valid_bound():
    cost, weights = fixture()
    cover = sightline.maximal_covering(cost, weights, 5000, 4, solver="greedy")
    assert (1 - np.exp(-1)) * 875_247 <= cover.objective <= 875_247 <= cover.upper_bound
    assert cover.gains == sorted(cover.gains, reverse=True)


def spopt_or_skip():
    try:
        import pulp
        from spopt.locate import MCLP
    except ImportError:
        if os.environ.get("SIGHTLINE_REQUIRE_SPOPT") == "1":
            pytest.fail("spopt is not installed and SIGHTLINE_REQUIRE_SPOPT=1")
        pytest.skip("NOTICE: spopt is not installed (pip install spopt)")
    return MCLP, pulp


def test_spopt_agrees_on_san_francisco():
    MCLP, pulp = spopt_or_skip()
    cost, weights = fixture()
    model = MCLP.from_cost_matrix(cost.to_numpy(), weights.to_numpy(), service_radius=5000, p_facilities=4)
    model = model.solve(pulp.PULP_CBC_CMD(msg=False))
    chosen = sorted(cost.columns[k] for k, var in enumerate(model.fac_vars) if var.value() > 0.5)
    cover = sightline.maximal_covering(cost, weights, 5000, 4)
    assert pulp.value(model.problem.objective) == cover.objective == 875_247
    assert chosen == sorted(cover.sites)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_spopt_agrees_on_random_instances(seed):
    MCLP, pulp = spopt_or_skip()
    rng = np.random.default_rng(seed)
    demand = rng.uniform(0, 2000, size=(400, 2))
    sites = rng.uniform(0, 2000, size=(40, 2))
    weights = rng.integers(1, 9, 400).astype(float)
    cost = np.hypot(demand[:, None, 0] - sites[None, :, 0], demand[:, None, 1] - sites[None, :, 1])
    model = MCLP.from_cost_matrix(cost, weights, service_radius=250, p_facilities=5)
    model = model.solve(pulp.PULP_CBC_CMD(msg=False))
    cover = sightline.maximal_covering(cost, weights, 250, 5, solver="exact")
    assert cover.proven_optimal
    assert abs(pulp.value(model.problem.objective) - cover.objective) < 1e-6


def test_a_matrix_that_is_not_one_is_refused():
    with pytest.raises(sightline.InputError, match="weights"):
        sightline.maximal_covering(np.ones((3, 2)), [1, 2], 1.0, 1)
    with pytest.raises(sightline.InputError, match="dimensions"):
        sightline.maximal_covering(np.ones(3), [1, 2, 3], 1.0, 1)
    with pytest.raises(sightline.PlanError):
        sightline.maximal_covering(np.ones((3, 2)), [1, 2, 3], 1.0, 3)
    with pytest.raises(sightline.SightlineError):
        sightline.maximal_covering(np.ones((3, 2)), [1, -2, 3], 1.0, 1)
    with pytest.raises(sightline.StudyError, match="solver"):
        sightline.maximal_covering(np.ones((3, 2)), [1, 2, 3], 1.0, 1, solver="best")


def test_a_sparse_matrix_gives_the_same_answer():
    scipy_sparse = pytest.importorskip("scipy.sparse")
    cost, weights = fixture()
    dense = cost.to_numpy()
    near = np.where(dense <= 8000, dense, 0.0)
    sparse = scipy_sparse.csr_matrix(near)
    cover = sightline.maximal_covering(sparse, weights, 5000, 4, solver="exact")
    assert cover.objective == 875_247 and cover.proven_optimal
    assert sorted(cost.columns[k] for k in cover.chosen) == ["Store_11", "Store_12", "Store_15", "Store_2"]
    assert cover.covered.sum() == 184
