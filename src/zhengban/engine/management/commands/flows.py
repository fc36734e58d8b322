"""`zhengban flows list | diagram <type> | write-docs`: the declared flows, drawn."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from zhengban.core.errors import NotFound
from zhengban.engine.diagram import FLOW_DOCS, mermaid, write_docs
from zhengban.engine.flow import all_flows, get_flow


class Command(BaseCommand):
    @property
    def help(self):
        # Translated when the parser is built: argparse cannot format a lazy string.
        return _("List the declared flows, print one as a Mermaid diagram, or write docs/flows/.")

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{list,diagram,write-docs}")
        actions.add_parser("list", help=_("Every registered matter type with its states and transitions."))
        diagram = actions.add_parser("diagram", help=_("Print a flow as a Mermaid state diagram."))
        diagram.add_argument("type", help=_("The matter type, e.g. memo."))
        docs = actions.add_parser("write-docs", help=_("Write docs/flows/<type>.md for every flow."))
        docs.add_argument("--folder", default=str(FLOW_DOCS), help=_("Where to write (default: the repository's docs/flows)."))

    def handle(self, *args, action, **options):
        if action == "list":
            for flow in all_flows().values():
                self.stdout.write(
                    f"{flow.type}\t{flow.label_en} / {flow.label_zh}\t"
                    + _("%(states)d states, %(transitions)d transitions")
                    % {"states": len(flow.states), "transitions": len(flow.transitions)}
                )
        elif action == "diagram":
            try:
                flow = get_flow(options["type"])
            except NotFound as exc:
                raise CommandError(str(exc.message)) from None
            self.stdout.write(mermaid(flow), ending="")
        else:
            changed = write_docs(all_flows().values(), options["folder"])
            for path in changed:
                self.stdout.write(_("Wrote %(path)s") % {"path": path})
            if not changed:
                self.stdout.write(_("Every flow's page is up to date."))
