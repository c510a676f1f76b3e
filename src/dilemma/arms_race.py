"""Richardson's arms-race model.

Two states with armament levels x and y react to each other's arms, are held
back by the cost of their own, and carry standing grievances
(:cite:t:`richardson1960arms`):

.. math::

    \\frac{dx}{dt} = a\\,y - m\\,x + g, \\qquad \\frac{dy}{dt} = b\\,x - n\\,y + h.

``a`` and ``b`` are the *reaction* (defence) coefficients, ``m`` and ``n`` the
*fatigue* (expense) coefficients and ``g`` and ``h`` the *grievances*; a negative
grievance is goodwill. The system has one equilibrium when m n ≠ a b,

.. math::

    x^* = \\frac{a h + n g}{m n - a b}, \\qquad y^* = \\frac{b g + m h}{m n - a b},

and it is stable exactly when m n > a b: restraint from cost outweighs mutual
reaction. Armament levels cannot fall below zero, so a state whose level
reaches zero stays there until the other's arms (or its grievance) push it up
again; the trajectories are otherwise Richardson's.

Three outcomes follow (:func:`outcome`): a **stable race** settling at a
positive level, a **runaway** race, and **disarmament** towards zero.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.integrate import solve_ivp

from .games import _real

OUTCOMES: tuple[str, ...] = ("stable race", "runaway", "disarmament")
"""Every label :func:`outcome` can return."""

COEFFICIENT_MAX = 10.0
"""Largest reaction or fatigue coefficient accepted (per unit of time)."""

LEVEL_MAX = 1000.0
"""Largest grievance, starting level or cap accepted."""


@dataclass(frozen=True)
class Coefficients:
    """The six coefficients of Richardson's model, validated.

    Raises ``ValueError`` naming the coefficient and its allowed range: a, b,
    m and n in [0, 10]; g and h in [−1000, 1000].
    """

    a: float
    b: float
    m: float
    n: float
    g: float
    h: float

    def __post_init__(self) -> None:
        for name in "abmn":
            value = _real(f"{name} ({_ROLES[name]})", getattr(self, name), 0.0, COEFFICIENT_MAX)
            object.__setattr__(self, name, value)
        for name in "gh":
            value = _real(f"{name} ({_ROLES[name]})", getattr(self, name), -LEVEL_MAX, LEVEL_MAX)
            object.__setattr__(self, name, value)

    @property
    def matrix(self) -> np.ndarray:
        """The linear part, d(x, y)/dt = A (x, y) + (g, h)."""
        return np.array([[-self.m, self.a], [self.b, -self.n]])

    def rates(self, x: float, y: float) -> tuple[float, float]:
        """Richardson's unconstrained rates of change at (x, y)."""
        return self.a * y - self.m * x + self.g, self.b * x - self.n * y + self.h


_ROLES = {
    "a": "reaction of x to y",
    "b": "reaction of y to x",
    "m": "fatigue of x",
    "n": "fatigue of y",
    "g": "grievance of x",
    "h": "grievance of y",
}


def is_stable(a: float, b: float, m: float, n: float) -> bool:
    """Richardson's stability condition, m n > a b.

    The eigenvalues of the linear part are both negative exactly when the
    product of the fatigue coefficients exceeds the product of the reaction
    coefficients (the trace −(m + n) is never positive). Products within
    rounding error of each other (|m n − a b| ≤ 1e-12) count as equal: the
    knife edge, which is not stable.
    """
    return _margin(Coefficients(a, b, m, n, 0.0, 0.0)) > 0


def _margin(c: Coefficients) -> float:
    """m n − a b, with differences below rounding error set to zero."""
    margin = c.m * c.n - c.a * c.b
    return 0.0 if abs(margin) <= 1e-12 * max(1.0, c.m * c.n, c.a * c.b) else margin


def equilibrium(a: float, b: float, m: float, n: float, g: float, h: float) -> tuple[float, float] | None:
    """Where both rates are zero, or ``None`` when m n = a b (parallel nullclines).

    The point may have a negative coordinate; then armaments cannot rest there
    and the levels head for zero instead (see :func:`outcome`).
    """
    c = Coefficients(a, b, m, n, g, h)
    det = _margin(c)
    if det == 0:
        return None
    return (c.a * c.h + c.n * c.g) / det, (c.b * c.g + c.m * c.h) / det


def richardson(
    a: float,
    b: float,
    m: float,
    n: float,
    g: float,
    h: float,
    x0: float = 1.0,
    y0: float = 1.0,
    t_max: float = 20.0,
    points: int = 81,
    cap: float = 10.0,
) -> pd.DataFrame:
    """Armament levels over time, solved with :func:`scipy.integrate.solve_ivp`.

    Parameters
    ----------
    a, b : float
        Reaction coefficients in [0, 10]: how fast each side arms in response
        to the other's arms.
    m, n : float
        Fatigue coefficients in [0, 10]: how strongly each side's own arms hold
        it back.
    g, h : float
        Grievances in [−1000, 1000]; negative values are goodwill.
    x0, y0 : float, default 1
        Starting levels, in [0, 1000].
    t_max : float, default 20
        Length of the run, in (0, 1000].
    points : int, default 81
        Number of equally spaced times reported, 2 to 10,001.
    cap : float, default 10
        A run stops when either level reaches ``cap`` (a runaway race has left
        the chart); in (0, 1000].

    Returns
    -------
    pandas.DataFrame
        Columns ``t``, ``x`` and ``y``, one row per reported time up to the end
        of the run (a run stopped at the cap ends with the row where it
        stopped). Levels never go below zero.
    """
    c = Coefficients(a, b, m, n, g, h)
    start = np.array([_real("x0", x0, 0.0, LEVEL_MAX), _real("y0", y0, 0.0, LEVEL_MAX)])
    horizon = _real("t_max", t_max, 0.0, LEVEL_MAX)
    if horizon == 0:
        raise ValueError("t_max must be positive, got 0")
    top = _real("cap", cap, 0.0, LEVEL_MAX)
    if top == 0:
        raise ValueError("cap must be positive, got 0")
    if isinstance(points, bool) or not isinstance(points, int) or not 2 <= points <= 10_001:
        raise ValueError(f"points must be an integer in [2, 10001], got {points!r}")
    times = np.linspace(0.0, horizon, points)
    t, state = _solve(c, start, times, top)
    return pd.DataFrame({"t": t, "x": state[:, 0], "y": state[:, 1]})


def outcome(
    a: float, b: float, m: float, n: float, g: float, h: float, x0: float = 1.0, y0: float = 1.0
) -> str:
    """Which of the three outcomes a race starting at (x0, y0) reaches.

    Returns
    -------
    {"stable race", "runaway", "disarmament"}
        "runaway" when the levels grow without bound; "disarmament" when both
        fall to zero; "stable race" when they settle at a level with at least
        one side armed.

    Notes
    -----
    In the stable case (m n > a b) the levels settle at the equilibrium if it
    is positive. Otherwise, and in the unstable case, the run is followed to its
    end: it is integrated until it leaves a box ten times larger than the
    start, the equilibrium and the grievances (a runaway), or until it comes to
    rest.
    """
    c = Coefficients(a, b, m, n, g, h)
    start = np.array([_real("x0", x0, 0.0, LEVEL_MAX), _real("y0", y0, 0.0, LEVEL_MAX)])
    point = equilibrium(a, b, m, n, g, h)
    if _margin(c) > 0 and point is not None and min(point) > 0:
        return "stable race"
    scale = 10.0 * max(1.0, *np.abs(start), *(np.abs(point) if point else ()), abs(c.g), abs(c.h))
    rates = np.abs(np.linalg.eigvals(c.matrix).real)
    if _margin(c) == 0 or rates.min() < 1e-9:
        return _neutral_outcome(c, start)
    horizon = min(60.0 / rates.min(), 1e5)
    _, state = _solve(c, start, np.array([0.0, horizon]), scale)
    x, y = state[-1]
    if max(x, y) >= scale * (1 - 1e-9):
        return "runaway"
    if max(x, y) <= 1e-6 * scale:
        return "disarmament"
    return "stable race"


def _neutral_outcome(c: Coefficients, start: np.ndarray) -> str:
    """Outcome when m n = a b: one direction neither grows nor shrinks on its own.

    Along the left null vector w of the linear part, d(w·z)/dt = w·(g, h) is
    constant: positive grievances push the levels up for ever (runaway),
    goodwill pulls them down to zero (disarmament), and with neither the levels
    come to rest where they started along w (a stable race, unless they start at zero).
    """
    if not c.matrix.any():  # no reaction, no fatigue: each level moves at its grievance
        drift = np.array([c.g, c.h])
        if (drift > 0).any():
            return "runaway"
        return "disarmament" if (drift < 0).all() or not start.any() else "stable race"
    _, _, vt = np.linalg.svd(c.matrix.T)
    w = np.abs(vt[-1])  # the left null vector; non-negative because A is a Metzler matrix
    drift = float(w @ np.array([c.g, c.h]))
    if drift > 1e-12:
        return "runaway"
    if drift < -1e-12 or not (w @ start) > 0:
        return "disarmament"
    return "stable race"


def symmetric_race(reaction: float, fatigue: float, grievance: float) -> pd.DataFrame:
    """The chapter 3 explorer's model: two identical states, three starting points.

    Sets a = b = ``reaction``, m = n = ``fatigue`` and g = h = ``grievance`` and
    runs :func:`richardson` for 12 time units from each of :data:`STARTS`
    (one side ahead, both low, the other side ahead), stopping at :data:`CAP`.

    Returns
    -------
    pandas.DataFrame
        Columns ``start`` (1–3), ``t``, ``x``, ``y``, then, repeated on every
        row, ``stable`` (bool), ``outcome`` (of start 1, see :func:`outcome`)
        and ``x_star`` (the equilibrium level of each side, missing when
        fatigue equals reaction).
    """
    k = _real("reaction", reaction, 0.0, COEFFICIENT_MAX)
    alpha = _real("fatigue", fatigue, 0.0, COEFFICIENT_MAX)
    grudge = _real("grievance", grievance, -LEVEL_MAX, LEVEL_MAX)
    frames = [
        richardson(k, k, alpha, alpha, grudge, grudge, x0=x0, y0=y0, t_max=12.0, points=13, cap=CAP).assign(
            start=i
        )
        for i, (x0, y0) in enumerate(STARTS, start=1)
    ]
    point = equilibrium(k, k, alpha, alpha, grudge, grudge)
    return pd.concat(frames, ignore_index=True)[["start", "t", "x", "y"]].assign(
        stable=is_stable(k, k, alpha, alpha),
        outcome=outcome(k, k, alpha, alpha, grudge, grudge, *STARTS[0]),
        x_star=pd.array([point[0] if point else None], dtype="Float64")[0],
    )


def verdict(
    a: float, b: float, m: float, n: float, g: float, h: float, x0: float = 1.0, y0: float = 1.0
) -> str:
    """Richardson's verdict in a sentence: stability, equilibrium and the outcome from (x0, y0)."""
    c = Coefficients(a, b, m, n, g, h)
    margin = _margin(c)
    products = f"m·n = {c.m * c.n:.3g}, a·b = {c.a * c.b:.3g}"
    result = outcome(a, b, m, n, g, h, x0, y0)
    if margin == 0:
        return (
            f"Neutral ({products}): reaction exactly offsets fatigue, so there is no single "
            f"equilibrium; {result} from ({x0:g}, {y0:g})."
        )
    point = equilibrium(a, b, m, n, g, h)
    stability = "Stable" if margin > 0 else "Unstable"
    where = f"equilibrium at x = {point[0]:.3g}, y = {point[1]:.3g}"
    return f"{stability} ({products}), {where}: {result} from ({x0:g}, {y0:g})."


STARTS: tuple[tuple[float, float], ...] = ((4.0, 1.5), (1.0, 1.0), (1.5, 4.0))
"""Starting levels of the explorer's three runs (none on the dividing line of a saddle on the grid)."""

CAP = 8.0
"""Level at which the explorer's runs stop (the top of its charts)."""


def _solve(
    c: Coefficients, start: np.ndarray, times: np.ndarray, cap: float
) -> tuple[np.ndarray, np.ndarray]:
    """Integrate the zero-bounded system from ``times[0]``, reporting at ``times``; stop at ``cap``.

    A level at zero whose rate is negative is held at zero; it is released when
    its rate turns positive. Each piece between such switches is a smooth
    linear system, integrated with RK45 to tight tolerances.
    """
    t_now, state = float(times[0]), start.astype(float).copy()
    out_t, out_state = [t_now], [state.copy()]
    released = np.zeros(2, dtype=bool)
    for piece in range(_PIECES):  # each switch holds or releases one level
        rates0 = np.array(c.rates(*state))
        held = (state <= 0) & (rates0 <= 0) & ~released
        remaining = times[times > t_now]
        if held.all() or remaining.size == 0:  # both at zero and neither pushed up: at rest for good
            out_t.extend(remaining)
            out_state.extend(np.zeros((remaining.size, 2)))
            break

        def rhs(_t: float, z: np.ndarray, held: np.ndarray = held) -> np.ndarray:
            dz = np.array(c.rates(z[0], z[1]))
            dz[held] = 0.0
            return dz

        # The events are offset by a hair so that a function that is identically zero (a level
        # resting at zero with nothing pushing it) never counts as crossing zero.
        events = []
        for i in range(2):
            if held[i]:
                events.append(_event(lambda _t, z, i=i: c.rates(z[0], z[1])[i] - _HAIR, direction=1))
            else:
                events.append(_event(lambda _t, z, i=i: z[i] + _HAIR, direction=-1))
        events.append(_event(lambda _t, z: max(z[0], z[1]) - cap, direction=1))
        solution = solve_ivp(
            rhs,
            (t_now, float(times[-1])),
            state,
            t_eval=remaining,
            events=events,
            rtol=1e-9,
            atol=1e-11,
        )
        out_t.extend(solution.t)
        out_state.extend(np.maximum(np.asarray(solution.y, dtype=float).reshape(2, -1).T, 0.0))
        hits = [(ts[0], i) for i, ts in enumerate(solution.t_events) if len(ts)]
        if not hits:
            break
        if piece == _PIECES - 1:
            raise RuntimeError(f"Richardson run did not settle into pieces: {c}, start {start}")
        t_hit, which = min(hits)
        state = np.maximum(solution.y_events[which][0], 0.0)
        state[state < _HAIR] = 0.0  # a level within rounding of zero is at zero
        if which == 2:  # reached the cap: report where the run stopped
            if not out_t or out_t[-1] < t_hit:
                out_t.append(t_hit)
                out_state.append(np.minimum(state, cap))
            break
        t_now = t_hit
        released = np.zeros(2, dtype=bool)
        if held[which]:
            released[which] = True  # its rate just turned positive: let it rise
        else:
            state[which] = 0.0
    return np.array(out_t), np.array(out_state)


_PIECES = 64  # more switches than any run needs; reaching it means the solver is stuck
_HAIR = 1e-9  # above the solver's absolute tolerance (1e-11), far below any level shown


def _event(function, direction: int):
    function.terminal = True
    function.direction = direction
    return function
