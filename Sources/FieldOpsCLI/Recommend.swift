import ArgumentParser
import FieldOpsCore
import FieldOpsKit
import FieldOpsPlan
import FieldOpsSupport
import Foundation

struct RecommendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recommend",
        abstract: "For a customer on the phone now: the best few engineers and arrival times for their ticket, against the plan as it stands.",
        discussion: """
            Each qualified engineer working today is tried at every place in what is left of \
            their route in --previous (visits already started stay); an option is the engineer's \
            best place, with the deadline it meets and what it pushes: visits made later, made \
            late, or no longer fitting the shift. Best first: on time, nothing pushed out or made \
            late, least added travel, earliest arrival. Nothing is written: re-plan with \
            fieldops plan --previous to commit the choice.
            """
    )

    @OptionGroup var input: InputOptions

    @Option(help: ArgumentHelp("The ticket on the phone: its id in the tickets file.", valueName: "id"))
    var id: String?

    @Option(help: ArgumentHelp("The ticket on the phone as a new row of the tickets file (CSV, in that file's column order).", valueName: "row"))
    var ticket: String?

    @Option(help: ArgumentHelp("The plan as it stands (plan JSON made earlier today); without it every engineer is free from --at.", valueName: "plan.json"))
    var previous: String?

    @Option(help: ArgumentHelp("The moment of the call (ISO 8601; default: now).", valueName: "time"))
    var at: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("How many options to show (1…50).", valueName: "n"))
    var options = 3

    @Option(help: "Output format: text or json.")
    var format: ReportFormat = .text

    func validate() throws {
        if (id == nil) == (ticket == nil) { throw ValidationError("Give the ticket as --id ID (in the tickets file) or --ticket ROW (a new row), one of them.") }
    }

    func run() throws {
        try reportingInputErrors {
            try checkOption("--options", Double(options), .optionCount)
            let at = try parseAt(self.at)
            var loaded = try input.load()
            var ticketID = id ?? ""
            if let row = ticket {
                guard let path = input.tickets else {
                    throw InputError(file: "command line", field: "--ticket", "a row needs the tickets file's columns: give --tickets, or the ticket's --id")
                }
                let header = try CSVTable.read(path: path).header
                let table = try CSVTable.parse(header.map(csvCell).joined(separator: ",") + "\n" + row + "\n", file: "--ticket")
                guard let record = table.records.first, table.records.count == 1 else {
                    throw InputError(file: "command line", field: "--ticket", "one row of the tickets file's \(header.count) columns, comma-separated")
                }
                let new = try TicketReader(gazetteer: loaded.gazetteer).ticket(from: record)
                if loaded.instance.tickets.contains(where: { $0.id == new.id }) {
                    throw InputError(file: "command line", field: "--ticket", "ticket '\(new.id)' is already in \(path): give --id \(new.id)")
                }
                loaded.instance.tickets.append(new)
                ticketID = new.id
            }
            try PlanningTime.check(at, tickets: loaded.instance.tickets)
            let previous = try self.previous.map { path throws(InputError) in try Plan.read(path: path) }
            let request = PlanningRequest(tickets: loaded.instance.tickets, engineers: loaded.instance.engineers, triage: loaded.triage,
                                          travel: loaded.travel, at: at, previous: previous, previousFile: self.previous ?? "")
            let recommendation = try Recommendation.make(ticket: ticketID, request: request, count: options)
            switch format {
            case .text: print(recommendation.text(engineers: loaded.instance.engineers), terminator: "")
            case .json: print(recommendation.json(engineers: loaded.instance.engineers).rendered())
            }
        }
    }
}
