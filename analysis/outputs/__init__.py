"""A campaign's every result file from plain frames: :class:`~analysis.outputs.data.CampaignData`
in, tables, layers, charts and the report out (:func:`analysis.outputs.build.build_outputs`)."""
