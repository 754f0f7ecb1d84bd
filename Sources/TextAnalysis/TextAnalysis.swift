enum TextAnalysisPlaceholder {}
