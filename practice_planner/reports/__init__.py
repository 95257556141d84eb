"""ReportLab documents built from service read-models; no Qt."""
