import Testing
@testable import FieldOpsBenchmark
@testable import FieldOpsCore
@testable import FieldOpsGLPK
@testable import FieldOpsKit
@testable import FieldOpsPlan
@testable import FieldOpsSimulation
@testable import FieldOpsSolver
@testable import FieldOpsSupport

@Suite("Gazetteer")
struct GazetteerTests {
    let gazetteer = Shipped.gazetteer

    func resolve(_ text: String) -> Place? {
        if case .success(let place) = gazetteer.resolve(text) { return place }
        return nil
    }

    @Test("All 3,187 shipped places are read")
    func count() {
        #expect(gazetteer.places.count == 3187)
    }

    @Test("A place resolves by full name, short name and pinyin", arguments: ["成都", "成都市", "Chengdu", "chengdu", "cheng du", "CHENGDU"])
    func spellings(text: String) {
        #expect(resolve(text)?.code == "5101")
    }

    @Test("A shared name is an error listing every candidate, each spelled so it resolves alone")
    func ambiguous() throws {
        guard case .failure(.ambiguous(let name, let candidates)) = gazetteer.resolve("朝阳") else {
            Issue.record("朝阳 should be ambiguous")
            return
        }
        #expect(name == "朝阳")
        #expect(candidates.count == 3)
        #expect(candidates.contains("朝阳区,北京市"))
        #expect(candidates.contains("朝阳市"))
        for candidate in candidates { #expect(resolve(candidate) != nil) }
        #expect(PlaceLookupError.ambiguous("朝阳", candidates: candidates).message.contains("add the province or prefecture"))
    }

    @Test("A province or prefecture after a comma picks one place", arguments: [
        ("通州, 北京", "北京市"), ("通州区,北京市", "北京市"), ("通州,南通", "南通市"), ("朝阳区,长春市", "长春市"),
        ("朝阳,吉林省", "长春市"), ("Tongzhou, Beijing", "北京市"), ("西安区,辽源市", "辽源市"),
    ])
    func qualified(text: String, prefecture: String) {
        #expect(resolve(text)?.prefecture == prefecture)
    }

    @Test("Xi'an written 西安 is ambiguous (two 西安区 districts), 西安市 is not")
    func xian() {
        #expect(resolve("西安") == nil)
        #expect(resolve("西安市")?.code == "6101")
    }

    @Test("An unknown name, or a qualifier that matches none of its places, is unknown")
    func unknown() {
        #expect(gazetteer.resolve("不存在市") == .failure(.unknown("不存在市")))
        #expect(resolve("海淀,上海") == nil)
        #expect(resolve("") == nil)
    }

    @Test("Every place's suggested spelling resolves back to that place")
    func everySpellingRoundTrips() {
        var failures: [String] = []
        for place in gazetteer.places {
            let spelling = gazetteer.spelling(of: place)
            if resolve(spelling)?.code != place.code { failures.append("\(place.code) \(spelling)") }
        }
        #expect(failures.isEmpty, "\(failures.prefix(10))")
    }

    @Test("Tiers follow the reading of D1–D5: first matching line wins", arguments: [
        ("北京市", Tier.metro), ("朝阳区,北京市", .metro), ("南山区,深圳市", .metro), ("崇明区", .metro),
        ("天津市", .capital), ("重庆市", .capital), ("武侯区", .capital), ("乌鲁木齐市", .agreed), ("拉萨市", .agreed),
        ("喀什地区", .agreed), ("绵阳市", .city), ("涪城区", .city), ("大邑县", .town), ("城口县", .town), ("昆山市", .town),
    ])
    func tiers(text: String, tier: Tier) throws {
        let place = try #require(resolve(text))
        #expect(Shipped.policy.tier(of: place, in: gazetteer)?.tier == tier)
    }
}
