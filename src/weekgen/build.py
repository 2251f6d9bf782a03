"""One build, stage by stage: load, assemble, plan, check, render, write.

Nothing is written unless every stage before `write` succeeded. A content error stops the build
only after the check, which looks at what did load: one run reports every error. The build date
is a parameter: the core never reads the clock. What makes a build fast is the engine's
(engine/run.py), which each stage asks for what it may have kept.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from weekgen.engine.run import running
from weekgen.options import BuildOptions, BuildReport
from weekgen.read.project import Project

if TYPE_CHECKING:
    from weekgen.engine.session import Session


def build(project: Project, out: Path | None, options: BuildOptions,
          session: Session | None = None) -> BuildReport:
    """Build the site into `out`, or only check it when `out` is None. Raises BuildFailed."""
    with running(project, out, options, session) as run:
        if run.unchanged is not None:  # nothing changed since the last build into `out`
            return run.unchanged
        # (imported only now: the answer above needs none of the stages, nor their libraries)
        from weekgen.check import check
        from weekgen.model.site import assemble
        from weekgen.plan import data_outputs, plan, redirects, share_images

        inputs = run.load()
        site = assemble(run.config, inputs.weeks, inputs.activities, inputs.pages,
                        run.today, run.problems, drafts=options.drafts,
                        remember=run.memory("years"), site_pages=inputs.site_pages)
        theme = run.theme()
        outputs = plan(site, theme.digest, remember=run.memory("plans"))
        outputs += data_outputs(site, outputs, theme.digest, remember=run.memory("data"))
        outputs += redirects(site, outputs, theme.digest, run.problems,
                             theme.files(inputs.assets))
        outputs += share_images(site, theme.digest, theme.fonts, theme.static)
        check(site, inputs, outputs, theme, run)
        run.stop_on_errors()
        run.render(site, outputs)
        return run.write(site)
