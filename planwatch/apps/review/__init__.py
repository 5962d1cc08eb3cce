"""规划审核: the committee office uploads a plan document in the browser, checks the parsed structure beside the
source text, corrects what the parser got wrong (every correction kept: who, when, old → new) and activates
the plan. Until then it is a draft, which is never monitored or published."""
