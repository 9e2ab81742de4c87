"""The results for download: GET /review/rounds/<id>/results.xlsx|zip|json?lang=fi|en."""

from flask import Blueprint, Response, abort, request

from workshop import offload
from workshop.exports.forms import ResultsExportForm
from workshop.exports.services import FORMATS, results_filename
from workshop.i18n import current_locale
from workshop.review import services as review_services
from workshop.web import audited_download, round_staff_required

blueprint = Blueprint("exports", __name__, url_prefix="/review")
# The URL names the file's type; the CSV tables come as one .zip.
EXTENSIONS = {spec.extension: fmt for fmt, spec in FORMATS.items()}


@blueprint.get("/rounds/<int:round_id>/results.<any(xlsx, zip, json):extension>")
@round_staff_required
@audited_download("export.results")
def round_results(round_id: int, extension: str):
    """The round's results as a workbook, CSV tables or JSON, in the requester's language
    unless ``?lang=`` says otherwise."""
    form = ResultsExportForm(request.args)
    if not form.validate():
        abort(400)
    locale = form.lang.data or current_locale()
    fmt = EXTENSIONS[extension]
    review_round = review_services.get_round(round_id)
    # openpyxl and the queries of a large round take a while: in a worker process, so the
    # live rooms are not held meanwhile (workshop.offload).
    content = offload.run(
        "workshop.exports.services:round_results_file", review_round.id, fmt, locale
    )
    return Response(
        content,
        mimetype=FORMATS[fmt].mimetype,
        headers={
            "Content-Disposition": (
                f'attachment; filename="{results_filename(review_round, fmt, locale)}"'
            ),
            "Cache-Control": "no-store",
        },
    )
