import Foundation

/// A cron expression — `minute hour day-of-month month day-of-week`, with `*`, lists, ranges and
/// steps (`0 3 1 1 *` is 03:00 on 1 January) — evaluated in UTC so that a server's local time
/// zone changes nothing. As in cron, when both day fields are restricted a day matching either runs.
public struct CronSchedule: Sendable, Hashable, CustomStringConvertible {
    public let description: String
    let minutes: Set<Int>, hours: Set<Int>, days: Set<Int>, months: Set<Int>, weekdays: Set<Int>
    let daysRestricted: Bool, weekdaysRestricted: Bool

    public init(_ expression: String) throws {
        let fields = expression.split(whereSeparator: \.isWhitespace).map(String.init)
        guard fields.count == 5 else {
            throw CronError(
                "'\(expression)' has \(fields.count) field(s); a schedule has 5: minute hour day-of-month month day-of-week, e.g. "
                    + "\"0 3 1 1 *\""
            )
        }
        description = fields.joined(separator: " ")
        minutes = try Self.parse(fields[0], 0...59, "minute", expression)
        hours = try Self.parse(fields[1], 0...23, "hour", expression)
        days = try Self.parse(fields[2], 1...31, "day of month", expression)
        months = try Self.parse(fields[3], 1...12, "month", expression)
        // 7 is Sunday too.
        weekdays = Set(try Self.parse(fields[4], 0...7, "day of week", expression).map { $0 % 7 })
        daysRestricted = fields[2] != "*"
        weekdaysRestricted = fields[4] != "*"
    }

    /// The first time after `date` (to the minute) the schedule fires.
    public func next(after date: Date) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        // The next whole minute after `date`.
        let minute = calendar.date(from: calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date))!
        let start = calendar.date(byAdding: .minute, value: 1, to: minute)!
        var day = calendar.startOfDay(for: start)
        // Five years covers every valid expression (29 February included).
        for _ in 0..<(366 * 5) {
            let c = calendar.dateComponents([.year, .month, .day, .weekday], from: day)
            if months.contains(c.month!), matchesDay(c.day!, weekday: c.weekday! - 1) {
                for h in hours.sorted() {
                    for m in minutes.sorted() {
                        let t = calendar.date(bySettingHour: h, minute: m, second: 0, of: day)!
                        if t >= start { return t }
                    }
                }
            }
            day = calendar.date(byAdding: .day, value: 1, to: day)!
        }
        return nil
    }

    func matchesDay(_ day: Int, weekday: Int) -> Bool {
        switch (daysRestricted, weekdaysRestricted) {
        case (true, true): return days.contains(day) || weekdays.contains(weekday)
        case (true, false): return days.contains(day)
        case (false, true): return weekdays.contains(weekday)
        case (false, false): return true
        }
    }

    static func parse(_ field: String, _ range: ClosedRange<Int>, _ name: String, _ expression: String) throws -> Set<Int> {
        var values = Set<Int>()
        for part in field.split(separator: ",", omittingEmptySubsequences: false) {
            let pieces = part.split(separator: "/", omittingEmptySubsequences: false)
            guard (1...2).contains(pieces.count) else { throw CronError("'\(expression)': bad \(name) '\(part)'") }
            var step = 1
            if pieces.count == 2 {
                guard let s = Int(pieces[1]), s > 0 else { throw CronError("'\(expression)': bad step in \(name) '\(part)'") }
                step = s
            }
            let lower: Int
            let upper: Int
            if pieces[0] == "*" {
                (lower, upper) = (range.lowerBound, range.upperBound)
            } else {
                let bounds = pieces[0].split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
                guard let a = bounds.first ?? nil, bounds.count <= 2, bounds.allSatisfy({ $0 != nil }) else {
                    throw CronError("'\(expression)': \(name) '\(part)' is not a number, range or *")
                }
                lower = a
                upper = bounds.count == 2 ? bounds[1]! : (pieces.count == 2 ? range.upperBound : a)
            }
            guard range.contains(lower), range.contains(upper), lower <= upper else {
                throw CronError("'\(expression)': \(name) '\(part)' is outside \(range.lowerBound)–\(range.upperBound)")
            }
            values.formUnion(stride(from: lower, through: upper, by: step))
        }
        return values
    }
}

public struct CronError: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ description: String) { self.description = description }
}
