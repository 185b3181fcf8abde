//! The export file: RFC 4180 CSV (UTF-8, CRLF, a header row with the column names CRMs
//! map by default: First Name, Last Name, Email, Title, Company, Website, Country), one row
//! per exported contact with its lawful basis and source.
//!
//! Cells that a spreadsheet would read as a formula (starting with `=`, `+`, `-`, `@`, tab
//! or carriage return) are prefixed with `'`, the OWASP defence against CSV injection:
//! the value is shown as text and never evaluated.

use clearlist_engine::vault::Contact;

use crate::email_rules::B2bRule;

/// The header row. The first seven are the names Salesforce and HubSpot imports map
/// without a mapping step; the rest say why the row may be emailed and where it came from.
pub(crate) const HEADER: [&str; 14] = [
    "First Name",
    "Last Name",
    "Email",
    "Title",
    "Company",
    "Website",
    "Country",
    "Function",
    "Seniority",
    "Lawful Basis",
    "Country Email Rule",
    "Source",
    "Account ID",
    "Contact ID",
];

/// One exported contact.
pub(crate) struct Row<'a> {
    /// The contact.
    pub(crate) contact: &'a Contact,
    /// Company name.
    pub(crate) company: &'a str,
    /// Company domain.
    pub(crate) domain: &'a str,
    /// The country's email rule it was checked against.
    pub(crate) rule: B2bRule,
    /// Where the record came from.
    pub(crate) source: &'a str,
}

/// Writes the rows as a CSV file.
///
/// # Errors
/// Only if the CSV writer fails on memory (it writes into a `Vec`).
pub(crate) fn write<'a>(rows: impl IntoIterator<Item = Row<'a>>) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    writer.write_record(HEADER)?;
    for row in rows {
        let c = row.contact;
        let account_id = c.account_id.to_string();
        let contact_id = c.id.to_string();
        writer.write_record(
            [
                &c.first_name,
                &c.last_name,
                &c.email,
                &c.title,
                row.company,
                row.domain,
                &c.country,
                c.function.label(),
                c.seniority.label(),
                c.lawful_basis.slug(),
                row.rule.slug(),
                row.source,
                account_id.as_str(),
                contact_id.as_str(),
            ]
            .map(|cell| neutralise(cell).into_owned()),
        )?;
    }
    writer.into_inner().map_err(|err| err.into_error().into())
}

/// The cell as a spreadsheet will show it but never evaluate.
pub(crate) fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clearlist_engine::taxonomy::{Function, LawfulBasis, Seniority};

    #[test]
    fn formulas_are_neutralised_and_quoting_is_rfc_4180() {
        for cell in ["=1+1", "+33 1", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralise(cell), format!("'{cell}"));
        }
        assert_eq!(neutralise("Ana"), "Ana");
        assert_eq!(neutralise("a=b"), "a=b");

        let contact = Contact {
            id: 7,
            account_id: 3,
            first_name: "=HYPERLINK(\"http://x\")".into(),
            last_name: "O'Neil, Jr.".into(),
            email: "ana@example.fr".into(),
            title: "Head of \"Data\"".into(),
            function: Function::Data,
            seniority: Seniority::Director,
            country: "FR".into(),
            lawful_basis: LawfulBasis::Consent,
            opted_out: false,
            email_download: true,
        };
        let bytes = write([Row {
            contact: &contact,
            company: "@Acme",
            domain: "example.fr",
            rule: B2bRule::OptOut,
            source: "import",
        }])
        .unwrap();
        let text = String::from_utf8(bytes).unwrap();
        let mut lines = text.split("\r\n");
        assert_eq!(lines.next().unwrap(), HEADER.join(","));
        assert_eq!(
            lines.next().unwrap(),
            "\"'=HYPERLINK(\"\"http://x\"\")\",\"O'Neil, Jr.\",ana@example.fr,\
             \"Head of \"\"Data\"\"\",'@Acme,example.fr,FR,Data & Analytics,Director,consent,\
             opt-out,import,3,7"
        );
        // A CSV reader gets the neutralised values back.
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let record = reader.records().next().unwrap().unwrap();
        assert_eq!(&record[0], "'=HYPERLINK(\"http://x\")");
        assert_eq!(&record[1], "O'Neil, Jr.");
    }
}
