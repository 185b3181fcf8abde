//! The generator's product vocabulary: real technologies and vendors, and the parts that
//! plausible made-up vendors and products are built from. Data only.
//!
//! Word lists are packed several to a line under `#[rustfmt::skip]`: one word per line,
//! as rustfmt would have it, makes them hard to read and review.

/// Real products, most widely installed first (the generator draws them Zipf-skewed in
/// this order, ahead of the made-up ones).
#[rustfmt::skip]
pub(super) static REAL_TECHNOLOGIES: &[&str] = &[
    "Microsoft 365", "Google Workspace", "Microsoft Azure", "Amazon Web Services",
    "Microsoft Teams", "Zoom", "Google Analytics", "Salesforce Sales Cloud", "Slack", "WordPress",
    "Microsoft Defender for Endpoint", "Adobe Acrobat", "HubSpot Marketing Hub", "Jira",
    "Confluence", "GitHub", "Okta", "DocuSign", "Dropbox", "Zendesk", "Windows Server",
    "VMware vSphere", "Cisco Meraki", "Microsoft SQL Server", "Microsoft Intune",
    "Microsoft Power BI", "Tableau", "Box", "Shopify", "Workday HCM", "SAP S/4HANA",
    "Oracle Database", "ServiceNow ITSM", "Snowflake", "Databricks", "AWS Lambda", "Amazon S3",
    "Amazon EC2", "Google Cloud Platform", "Kubernetes", "Docker", "Terraform", "Datadog",
    "Splunk Enterprise", "New Relic", "PagerDuty", "Cloudflare", "Akamai", "Fastly",
    "CrowdStrike Falcon", "Palo Alto Networks NGFW", "Fortinet FortiGate", "Cisco Webex",
    "Zscaler Internet Access", "SentinelOne Singularity", "Proofpoint Email Protection", "Mimecast",
    "KnowBe4", "Duo Security", "CyberArk Privileged Access Manager", "SailPoint IdentityNow",
    "Ping Identity", "Auth0", "1Password Business", "LastPass", "Tenable Vulnerability Management",
    "Qualys VMDR", "Rapid7 InsightVM", "Wiz", "Netskope", "Veeam Backup & Replication", "Commvault",
    "Rubrik", "Cohesity", "NetApp ONTAP", "Pure Storage FlashArray", "Dell PowerEdge",
    "HPE ProLiant", "VMware Horizon", "Citrix Virtual Apps", "Nutanix AOS",
    "Red Hat Enterprise Linux", "Ubuntu Server", "PostgreSQL", "MySQL", "MongoDB Atlas", "Redis",
    "Elasticsearch", "Apache Kafka", "Confluent Cloud", "Google BigQuery", "Amazon Redshift",
    "Azure Synapse Analytics", "dbt Cloud", "Fivetran", "Informatica PowerCenter", "Talend",
    "MuleSoft Anypoint Platform", "Boomi", "Zapier", "Looker", "Qlik Sense", "MicroStrategy",
    "Alteryx", "SAS Viya", "Domo", "ThoughtSpot", "Marketo Engage", "Salesforce Pardot",
    "Mailchimp", "Salesforce Marketing Cloud", "Adobe Experience Manager", "Adobe Analytics",
    "Optimizely", "Hotjar", "Segment", "Braze", "Intercom", "Drift", "Gong", "Outreach",
    "Salesloft", "ZoomInfo SalesOS", "LinkedIn Sales Navigator", "6sense", "Demandbase",
    "Gainsight", "Freshdesk", "Salesforce Service Cloud", "Genesys Cloud CX", "Five9", "NICE CXone",
    "Twilio", "RingCentral", "Vonage", "8x8", "Asana", "monday.com", "Trello", "Smartsheet",
    "Notion", "Miro", "Airtable", "Figma", "Canva", "Adobe Creative Cloud",
    "Microsoft Dynamics 365", "Oracle NetSuite", "Sage Intacct", "QuickBooks Online", "Xero",
    "Oracle Fusion Cloud ERP", "Infor CloudSuite", "Epicor Kinetic", "SAP SuccessFactors",
    "SAP Concur", "Coupa", "SAP Ariba", "ADP Workforce Now", "UKG Pro", "BambooHR", "Greenhouse",
    "Lever", "iCIMS", "Cornerstone OnDemand", "Workday Adaptive Planning", "Anaplan", "BlackLine",
    "BILL", "Expensify", "Stripe", "Adyen", "PayPal", "Square", "Zuora", "Chargebee", "Avalara",
    "Ironclad", "Icertis", "Conga", "Salesforce CPQ", "Adobe Commerce", "BigCommerce",
    "Salesforce Commerce Cloud", "Contentful", "Sitecore", "Drupal", "Webflow", "Squarespace",
    "Wix", "GitLab", "Bitbucket", "Jenkins", "CircleCI", "Argo CD", "HashiCorp Vault", "Ansible",
    "Puppet", "Chef", "Grafana", "Prometheus", "Dynatrace", "AppDynamics", "Sumo Logic",
    "Elastic Observability", "Sentry", "LaunchDarkly", "Postman", "Kong Gateway", "Apigee",
    "JFrog Artifactory", "SonarQube", "Snyk", "Checkmarx", "Veracode", "ChatGPT Enterprise",
    "Microsoft 365 Copilot", "GitHub Copilot", "Claude for Work", "Gemini for Google Workspace",
    "Amazon SageMaker", "Azure OpenAI Service", "Hugging Face", "DataRobot", "UiPath",
    "Automation Anywhere", "Celonis", "Jamf Pro", "VMware Workspace ONE", "Ivanti Neurons",
    "TeamViewer", "Zoom Rooms", "Logitech Rally", "HP LaserJet", "Lenovo ThinkPad", "Dell Latitude",
    "Apple MacBook Pro", "Apple iPhone", "Samsung Galaxy", "Cisco Catalyst", "HPE Aruba Networking",
    "Juniper Mist", "Arista EOS", "Ubiquiti UniFi", "F5 BIG-IP", "NetScaler", "Infoblox",
    "SolarWinds NPM", "Prisma Access", "Cisco Umbrella", "Microsoft Sentinel", "IBM QRadar",
    "Splunk SOAR", "Darktrace", "Arctic Wolf", "Vanta", "Drata", "OneTrust", "Archer", "Epic",
    "Oracle Health", "Veeva Vault", "Medidata", "Guidewire PolicyCenter", "Temenos Transact",
    "Fiserv DNA", "Bloomberg Terminal", "AutoCAD", "Autodesk Revit", "SolidWorks",
    "Siemens Teamcenter", "PTC Windchill", "Procore", "ArcGIS", "Manhattan Active WMS",
    "Blue Yonder", "Kinaxis RapidResponse", "Oracle Transportation Management", "IBM Maximo",
    "Samsara",
];

/// Product categories for made-up products (`<Vendor> <category>`).
#[rustfmt::skip]
pub(super) static TECH_CATEGORIES: &[&str] = &[
    "Analytics", "Backup", "CRM", "Firewall", "Service Desk", "Data Platform",
    "Endpoint Protection", "Mail Guard", "HR Suite", "Payroll", "Observability", "Log Insight",
    "API Gateway", "Identity Cloud", "Marketing Suite", "Chatbot", "Docs", "Sign", "Expenses",
    "Forms", "Scheduler", "Video", "Surveys", "Learning", "Helpdesk", "Inventory", "Field Service",
    "Billing", "Data Catalog", "ETL", "Feature Flags", "Secrets", "SIEM", "WAF", "VPN", "Passwords",
    "Contracts", "Procurement", "Projects", "Wiki", "Sites", "CMS", "Commerce", "Payments", "POS",
    "Planning", "BI", "Warehouse", "Vector DB", "CDN", "DNS", "Monitoring", "Test Cloud", "CI",
    "Code Review", "Asset Manager", "MDM", "Remote Desktop", "Print", "Timesheets", "Recruit",
    "Onboard", "Compliance", "Risk", "Fraud Shield", "Tax", "Translate", "Voice AI", "Vision AI",
    "Knowledge Base", "Integration Hub", "Workflow",
];

/// Real vendors, best known first (the generator draws them Zipf-skewed in this order,
/// ahead of the made-up ones).
#[rustfmt::skip]
pub(super) static REAL_VENDORS: &[&str] = &[
    "Microsoft", "Amazon Web Services", "Google", "Salesforce", "Cisco", "Oracle", "SAP", "IBM",
    "Adobe", "ServiceNow", "Palo Alto Networks", "CrowdStrike", "Fortinet", "Snowflake", "Datadog",
    "Workday", "VMware", "Dell Technologies", "HP", "Hewlett Packard Enterprise", "Zscaler", "Okta",
    "Splunk", "Atlassian", "HubSpot", "Zoom", "Databricks", "MongoDB", "Elastic", "Cloudflare",
    "Akamai", "Check Point", "SentinelOne", "Proofpoint", "Mimecast", "Rapid7", "Tenable", "Qualys",
    "CyberArk", "SailPoint", "Ping Identity", "Netskope", "Wiz", "Trend Micro", "Sophos",
    "Broadcom", "Trellix", "Darktrace", "Arctic Wolf", "Veeam", "Commvault", "Rubrik", "Cohesity",
    "NetApp", "Pure Storage", "Nutanix", "Red Hat", "Citrix", "Juniper Networks", "Arista Networks",
    "Extreme Networks", "F5", "Infoblox", "SolarWinds", "Dynatrace", "New Relic", "PagerDuty",
    "GitLab", "GitHub", "JFrog", "HashiCorp", "Confluent", "Fivetran", "dbt Labs", "Informatica",
    "Qlik", "Tableau", "Alteryx", "SAS", "Teradata", "Cloudera", "Domo", "ThoughtSpot", "UiPath",
    "Automation Anywhere", "Celonis", "Appian", "Pegasystems", "OutSystems", "Mendix", "Twilio",
    "RingCentral", "Genesys", "Five9", "NICE", "Zendesk", "Freshworks", "Intercom", "Gong",
    "Outreach", "ZoomInfo", "6sense", "Demandbase", "Bombora", "Marketo", "Mailchimp", "Sprinklr",
    "Sitecore", "Contentful", "Optimizely", "Shopify", "BigCommerce", "Stripe", "Adyen", "PayPal",
    "Coupa", "Anaplan", "BlackLine", "Avalara", "Zuora", "DocuSign", "Box", "Dropbox", "Smartsheet",
    "Asana", "monday.com", "Notion Labs", "Miro", "Canva", "Figma", "Autodesk", "Dassault Systèmes",
    "Siemens", "PTC", "Esri", "Infor", "Epicor", "Sage", "Intuit", "Xero", "ADP", "UKG", "Dayforce",
    "BambooHR", "Cornerstone", "OpenAI", "Anthropic", "NVIDIA", "Intel", "AMD", "Lenovo", "Apple",
    "Samsung", "Jamf", "Ivanti", "Kaseya", "ConnectWise", "TeamViewer", "Vanta", "Drata",
    "OneTrust", "KnowBe4", "Veracode", "Snyk", "Checkmarx", "Imperva", "Barracuda", "WatchGuard",
    "SonicWall", "Ubiquiti", "Equinix", "Digital Realty", "Rackspace", "Accenture", "Deloitte",
    "Capgemini", "Infosys", "Tata Consultancy Services", "Wipro", "Cognizant", "HCLTech",
    "NTT Data", "DXC Technology", "Kyndryl",
];

/// Openings of made-up vendor names.
#[rustfmt::skip]
pub(super) static VENDOR_PREFIXES: &[&str] = &[
    "Aero", "Arc", "Axi", "Blue", "Bright", "Cloud", "Core", "Cyber", "Data", "Deep", "Edge",
    "Flux", "Hyper", "Iron", "Kube", "Lumi", "Meta", "Nex", "Nimbus", "North", "Omni", "Opti",
    "Peak", "Pixel", "Quant", "Rapid", "Sky", "Stack", "Stream", "Tru", "Vant", "Vector", "Zen",
    "Zeta", "Astra", "Cogni", "Ever", "Helio", "Sol", "Terra",
];

/// Endings of made-up vendor names.
#[rustfmt::skip]
pub(super) static VENDOR_SUFFIXES: &[&str] = &[
    "ify", "ly", "io", "ora", "ix", "era", "sys", "wise", "forge", "grid", "base", "mind", "logic",
    "works", "hub", "scale", "shift", "point", "sense", "beam", "bit", "flow", "ray",
];
