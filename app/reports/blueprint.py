"""The URL table of a survey's results for planners."""

from flask import Blueprint

from app.reports import jobs, views

bp = Blueprint("reports", __name__, url_prefix="/planner")
SURVEY = "/surveys/<int:campaign_id>"
bp.add_url_rule(f"{SURVEY}/results", "results", views.results_page)
bp.add_url_rule(f"{SURVEY}/download/<name>", "download", views.download)
bp.add_url_rule(f"{SURVEY}/report", "report", views.report)
bp.add_url_rule(f"{SURVEY}/report.css", "report_css", views.report_css)
bp.add_url_rule(f"{SURVEY}/report.pdf", "report_pdf", views.report_pdf)
bp.add_url_rule(f"{SURVEY}/report/choose", "report_choice", views.report_choice)
bp.add_url_rule(f"{SURVEY}/report/jobs", "report_job_start", jobs.start, methods=["POST"])
bp.add_url_rule(f"{SURVEY}/report/jobs/<int:job_id>", "report_job", jobs.status)
bp.add_url_rule(f"{SURVEY}/report/jobs/<int:job_id>/report.pdf", "report_job_pdf", jobs.download)
bp.add_url_rule(f"{SURVEY}/purge", "purge", views.purge, methods=["GET", "POST"])
