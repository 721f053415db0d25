"""How the apps above ``deals`` (``residence``, ``schouw``, ``kompas``) take part in a deal without
``deals`` importing them (DESIGN.md §3: a lower app offers a registry, it never imports upward).
Each app registers from its own ``AppConfig.ready()`` (its ``discovery.py``); registering the same
key again replaces the entry.

- **Step guards** (``register_step_guard``): before any step of a deal is taken (``DEAL_STEPS``,
  ``deals.services._step``), every guard is asked ``guard(deal, transition)`` and returns the
  reasons (Dutch, already translated) why this step may not be taken now; any reason refuses the
  step with those messages. A handrem in ``residence`` refuses every step; ``schouw`` refuses
  "afgerond" without a published report.
- **Evaluation inputs** (``register_evaluation_input``): what one app hands to an evaluation of
  the deal, e.g. the residency summary that the schouw shows in its first phase:
  ``provider(deal, start, end)`` returns a list of ``EvaluationInput`` (title and URL of a page
  for the deal's partners) for that period.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class EvaluationInput:
    title: str
    url: str
    summary: str = ""  # plain text, one or two sentences


STEP_GUARDS = {}
EVALUATION_INPUTS = {}


def register_step_guard(key, guard):
    """``guard(deal, transition)`` -> list of reasons (translated strings) the step is refused."""
    STEP_GUARDS[key] = guard


def step_refusals(deal, transition):
    """Every reason a registered guard gives why ``transition`` may not be taken on ``deal`` now."""
    reasons = []
    for key in sorted(STEP_GUARDS):
        reasons.extend(STEP_GUARDS[key](deal, transition))
    return reasons


def register_evaluation_input(key, provider):
    """``provider(deal, start, end)`` -> list of ``EvaluationInput``."""
    EVALUATION_INPUTS[key] = provider


def evaluation_inputs(deal, start=None, end=None):
    found = []
    for key in sorted(EVALUATION_INPUTS):
        found.extend(EVALUATION_INPUTS[key](deal, start, end))
    return found
