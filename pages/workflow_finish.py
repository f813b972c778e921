"""WAGTAIL_FINISH_WORKFLOW_ACTION. Wagtail imports it while its own models
load, so this module imports nothing at import time; the work is in
`pages.review.finish_workflow`."""


def finish_workflow(workflow_state, user=None):
    from pages.review import finish_workflow as finish

    return finish(workflow_state, user=user)
