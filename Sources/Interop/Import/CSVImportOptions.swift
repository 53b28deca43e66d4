import Foundation

/// How `faultline import csv` reads a file (every field has a CLI flag of the same name).
public struct CSVImportOptions: Sendable {
    /// The time column's header name; nil for the first column.
    public var timeColumn: String?
    /// A column of 0/1 fault labels (left out of the series; each run of 1s is a fault).
    public var labelColumn: String?
    /// Fault windows from a label-windows JSON file (`LabelWindow.read`).
    public var labelWindows: [LabelWindow]
    /// The field separator; nil for `,`.
    public var delimiter: UInt8?
    /// How rows that share a timestamp are merged.
    public var duplicates: DuplicatePolicy
    /// Whether missing steps become NaN rows.
    public var gaps: GapPolicy
    /// The entity of columns whose name has no `entity/` part; nil for the file's name without extension.
    public var entity: String?

    /// Creates options; the defaults read `time,<series>,…` with `,`, merge duplicates by `last` and fill gaps
    /// when that at most doubles the rows.
    public init(
        timeColumn: String? = nil, labelColumn: String? = nil, labelWindows: [LabelWindow] = [], delimiter: UInt8? = nil,
        duplicates: DuplicatePolicy = .last, gaps: GapPolicy = .auto, entity: String? = nil
    ) {
        self.timeColumn = timeColumn
        self.labelColumn = labelColumn
        self.labelWindows = labelWindows
        self.delimiter = delimiter
        self.duplicates = duplicates
        self.gaps = gaps
        self.entity = entity
    }
}
