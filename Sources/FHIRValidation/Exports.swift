// The element tree, issues and formats are part of the validation API.
@_exported import FHIRElements
