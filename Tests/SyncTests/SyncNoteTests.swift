import Localization
import Testing

@testable import Sync

/// Our notes are catalogue messages: English for the command line and the audit, the reader's
/// language in the report; a note from elsewhere stays as written.
@Suite struct SyncNoteTests {
    @Test func ourNotesSpeakTheReadersLanguage() throws {
        let french = try Catalogues.load("fr")
        let dryRun = SyncNote(.notValidated, .init(key: "note.notValidated", values: ["count": "3"]))
        #expect(dryRun.text.hasPrefix("Dry run: 3 metadata object(s) do not exist in DHIS2 yet"))
        #expect(dryRun.text(in: french).hasPrefix("Essai à blanc : 3 objet(s) de métadonnées n'existent pas encore dans DHIS2"))
        // A word inside a note is a message too: the way DHIS2 generated the combos.
        let combos = SyncNote(
            .optionCombosGenerated, .init(key: "note.optionCombos.forAgeSex", messageValues: ["way": "note.optionCombos.way.maintenance"]))
        #expect(combos.text.hasSuffix("used by --product agesex (maintenance endpoint)."))
        #expect(try combos.text(in: Catalogues.load("es")).hasSuffix("usado por --product agesex (endpoint de mantenimiento)."))
        #expect(
            try SyncNote(.preview, .init(key: "note.preview")).text(in: Catalogues.load("pt"))
                == "Pré-visualização: nada foi enviado ao DHIS2.")
        let fromDHIS2 = SyncNote(.metadataChanged, "Data set 'WorldPop population': open future periods raised from 2 to 5 …")
        #expect(fromDHIS2.text(in: french) == fromDHIS2.text)
    }
}
