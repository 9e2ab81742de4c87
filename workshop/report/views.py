"""The update draft for download: GET /review/rounds/<id>/report.docx?lang=fi|en."""

from flask import Blueprint, Response, abort, request

from workshop import offload
from workshop.report.forms import ReportForm
from workshop.report.services import report_filename
from workshop.review import services as review_services
from workshop.web import audited_download, round_staff_required

blueprint = Blueprint("report", __name__, url_prefix="/review")

DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@blueprint.get("/rounds/<int:round_id>/report.docx")
@round_staff_required
@audited_download("export.docx")
def report(round_id: int):
    """The round's update draft as a Word document, in Finnish or (``?lang=en``) English."""
    form = ReportForm(request.args)
    if not form.validate():
        abort(400)
    review_round = review_services.get_round(round_id)
    # Seconds of python-docx: in a worker process, so the live rooms are not held meanwhile.
    content = offload.run(
        "workshop.report.services:round_report_docx", review_round.id, form.lang.data
    )
    filename = report_filename(review_round, form.lang.data)
    return Response(
        content,
        mimetype=DOCX_MIMETYPE,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )
