import Foundation
import Server
import Testing

@Suite struct CronScheduleTests {
    func date(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test func yearlyMonthlyAndStepSchedules() throws {
        let now = date("2026-11-25T10:07:30Z")
        #expect(try CronSchedule("0 3 1 1 *").next(after: now) == date("2027-01-01T03:00:00Z"))
        #expect(try CronSchedule("*/15 * * * *").next(after: now) == date("2026-11-25T10:15:00Z"))
        #expect(try CronSchedule("30 2 * * 1").next(after: now) == date("2026-11-30T02:30:00Z"))  // next Monday
        #expect(try CronSchedule("0 0 29 2 *").next(after: now) == date("2028-02-29T00:00:00Z"))
        #expect(try CronSchedule("0 12 1-7 * 0").next(after: now) == date("2026-11-29T12:00:00Z"))  // day 1-7 or a Sunday
        #expect(try CronSchedule("0 3 1 1 *").next(after: date("2027-01-01T03:00:00Z")) == date("2028-01-01T03:00:00Z"))
        // Every minute: the next whole minute, however far into this one we are.
        #expect(try CronSchedule("* * * * *").next(after: now) == date("2026-11-25T10:08:00Z"))
        #expect(try CronSchedule("* * * * *").next(after: date("2026-11-25T10:07:00Z")) == date("2026-11-25T10:08:00Z"))
    }

    @Test func badExpressionsAreNamed() {
        for (text, message) in [
            ("0 3 1 1", "has 4 field(s)"), ("61 * * * *", "minute '61' is outside 0–59"), ("0 3 x * *", "day of month 'x'"),
            ("*/0 * * * *", "bad step"),
        ] {
            let error = #expect(throws: CronError.self) { try CronSchedule(text) }
            #expect(error?.description.contains(message) == true, "\(text): \(error?.description ?? "")")
        }
    }
}
