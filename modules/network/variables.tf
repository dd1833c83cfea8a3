variable "name" {
  description = "Name of the network; prefixes every resource's Name tag (e.g. \"prod\")."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{0,30}[a-z0-9]$", var.name))
    error_message = "name must be 2-32 characters: lowercase letters, digits and hyphens, starting and ending with a letter or digit."
  }
}

variable "cidr_block" {
  description = "IPv4 CIDR block of the VPC (/16 to /28)."
  type        = string

  validation {
    condition     = can(cidrhost(var.cidr_block, 0)) && can(regex("/(1[6-9]|2[0-8])$", var.cidr_block))
    error_message = "cidr_block must be a valid IPv4 CIDR block between /16 and /28."
  }
}

variable "public_subnets" {
  description = "Public subnets keyed by availability zone name (e.g. { \"ap-northeast-2a\" = \"10.0.0.0/24\" }). They hold the NAT gateways and internet-facing load balancers. Adding an AZ never recreates the existing subnets."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for az, cidr in var.public_subnets : can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9][a-z]$", az)) && can(cidrhost(cidr, 0))])
    error_message = "public_subnets must map availability zone names (ap-northeast-2a) to valid CIDR blocks."
  }
}

variable "private_subnets" {
  description = "Private subnets keyed by availability zone name. Outbound internet access goes through the NAT gateway(s) (see nat_gateway_mode); they get the S3/DynamoDB gateway endpoint routes and the Transit Gateway attachment."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for az, cidr in var.private_subnets : can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9][a-z]$", az)) && can(cidrhost(cidr, 0))])
    error_message = "private_subnets must map availability zone names (ap-northeast-2a) to valid CIDR blocks."
  }
}

variable "data_subnets" {
  description = "Data subnets (databases, caches) keyed by availability zone name. No route to the internet; their network ACL allows traffic from and to the VPC CIDR (and network_acl_trusted_cidrs) only."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for az, cidr in var.data_subnets : can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9][a-z]$", az)) && can(cidrhost(cidr, 0))])
    error_message = "data_subnets must map availability zone names (ap-northeast-2a) to valid CIDR blocks."
  }
}

variable "public_subnet_tags" {
  description = "Extra tags for the public subnets (e.g. kubernetes.io/role/elb)."
  type        = map(string)
  default     = {}
}

variable "private_subnet_tags" {
  description = "Extra tags for the private subnets."
  type        = map(string)
  default     = {}
}

variable "data_subnet_tags" {
  description = "Extra tags for the data subnets."
  type        = map(string)
  default     = {}
}

variable "nat_gateway_mode" {
  description = "Outbound internet access of the private subnets: \"per_az\" (one NAT gateway per private subnet's AZ, highly available), \"single\" (one NAT gateway for all AZs: cheaper, one AZ's outage cuts the others' egress) or \"none\" (no NAT gateway, no default route)."
  type        = string
  default     = "per_az"

  validation {
    condition     = contains(["per_az", "single", "none"], var.nat_gateway_mode)
    error_message = "nat_gateway_mode must be per_az, single or none."
  }

  validation {
    condition     = var.nat_gateway_mode == "none" || length(var.private_subnets) == 0 || (length(var.public_subnets) > 0 && (var.nat_gateway_mode != "per_az" || length(setsubtract(keys(var.private_subnets), keys(var.public_subnets))) == 0))
    error_message = "NAT gateways live in public subnets: per_az needs a public subnet in every private subnet's AZ, single needs at least one public subnet."
  }
}

variable "single_nat_gateway_az" {
  description = "AZ of the NAT gateway when nat_gateway_mode = \"single\". Null picks the alphabetically first private subnet AZ; set it explicitly so that adding an earlier AZ never moves the NAT gateway. Switching from single to per_az keeps this NAT gateway (both are keyed by AZ)."
  type        = string
  default     = null

  validation {
    condition     = var.single_nat_gateway_az == null || contains(keys(var.public_subnets), coalesce(var.single_nat_gateway_az, "-"))
    error_message = "single_nat_gateway_az must be one of the public_subnets AZs."
  }
}

variable "network_acl_trusted_cidrs" {
  description = "CIDR blocks outside the VPC (other VPCs behind the Transit Gateway, VPN ranges) that the network ACLs treat like the VPC itself: all traffic allowed, including to the data subnets and to the admin ports denied from the internet."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for c in var.network_acl_trusted_cidrs : can(cidrhost(c, 0))]) && length(var.network_acl_trusted_cidrs) <= 20
    error_message = "network_acl_trusted_cidrs must be at most 20 valid IPv4 CIDR blocks."
  }
}

variable "gateway_endpoints" {
  description = "Gateway VPC endpoints (free) created through ../vpc-endpoint and routed from the private route tables: any of \"s3\", \"dynamodb\"."
  type        = set(string)
  default     = ["s3", "dynamodb"]

  validation {
    condition     = length(setsubtract(var.gateway_endpoints, ["s3", "dynamodb"])) == 0
    error_message = "gateway_endpoints may contain only \"s3\" and \"dynamodb\"."
  }
}

variable "gateway_endpoint_allowed_organization_id" {
  description = "AWS Organizations ID (o-...) whose principals the gateway endpoints' policy allows besides this account's. Null allows this account only."
  type        = string
  default     = null
}

variable "create_transit_gateway" {
  description = "Create a Transit Gateway, its VPC attachments and (with transit_gateway_ram_principals) its RAM share. The local emulator turns it off: moto never reports a deleted attachment, so destroy waits ~150 s and fails."
  type        = bool
  default     = true
}

variable "transit_gateway_amazon_side_asn" {
  description = "Private ASN of the Amazon side of the Transit Gateway."
  type        = number
  default     = 64512

  validation {
    condition     = (var.transit_gateway_amazon_side_asn >= 64512 && var.transit_gateway_amazon_side_asn <= 65534) || (var.transit_gateway_amazon_side_asn >= 4200000000 && var.transit_gateway_amazon_side_asn <= 4294967294)
    error_message = "transit_gateway_amazon_side_asn must be a private ASN: 64512-65534 or 4200000000-4294967294."
  }
}

variable "transit_gateway_vpc_attachments" {
  description = <<-EOT
    Transit Gateway VPC attachments keyed by name. An entry without vpc_id attaches this module's VPC through its
    private subnets (one per AZ); an entry with vpc_id attaches another VPC of this account and needs subnet_ids.
  EOT
  type = map(object({
    vpc_id                 = optional(string)
    subnet_ids             = optional(list(string))
    dns_support            = optional(bool, true)
    ipv6_support           = optional(bool, false)
    appliance_mode_support = optional(bool, false)
    tags                   = optional(map(string), {})
  }))
  default = { this = {} }

  validation {
    condition     = alltrue([for k, a in var.transit_gateway_vpc_attachments : can(regex("^[a-z0-9][a-z0-9-]{0,62}$", k)) && (a.vpc_id == null) == (a.subnet_ids == null)])
    error_message = "transit_gateway_vpc_attachments keys must be lowercase names; an entry sets both vpc_id and subnet_ids (another VPC) or neither (this VPC)."
  }

  validation {
    condition     = length([for a in values(var.transit_gateway_vpc_attachments) : a if a.vpc_id == null]) <= 1
    error_message = "Only one transit_gateway_vpc_attachments entry may attach this VPC (vpc_id = null)."
  }

  validation {
    condition     = !var.create_transit_gateway || length(var.private_subnets) > 0 || alltrue([for a in values(var.transit_gateway_vpc_attachments) : a.vpc_id != null])
    error_message = "Attaching this VPC to the Transit Gateway (an entry without vpc_id) needs private_subnets."
  }
}

variable "transit_gateway_routes" {
  description = "Destination CIDR blocks routed from the private and data route tables to the Transit Gateway (e.g. other VPCs). Needs create_transit_gateway and an attachment of this VPC."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for c in var.transit_gateway_routes : can(cidrhost(c, 0))])
    error_message = "transit_gateway_routes must be valid IPv4 CIDR blocks."
  }

  validation {
    condition     = length(var.transit_gateway_routes) == 0 || (var.create_transit_gateway && length([for a in values(var.transit_gateway_vpc_attachments) : a if a.vpc_id == null]) == 1)
    error_message = "transit_gateway_routes need create_transit_gateway = true and an attachment of this VPC (an entry without vpc_id)."
  }
}

variable "transit_gateway_ram_principals" {
  description = "Principals the Transit Gateway is shared with through AWS RAM: account IDs, or organisation / OU ARNs. Empty creates no share. Sharing outside the organisation is never allowed (allow_external_principals = false)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for p in var.transit_gateway_ram_principals : can(regex("^([0-9]{12}|arn:aws[a-z-]*:organizations::[0-9]{12}:(organization|ou)/.+)$", p))])
    error_message = "transit_gateway_ram_principals must be 12-digit account IDs or AWS Organizations organisation/OU ARNs."
  }
}

variable "tags" {
  description = "Tags added to every resource (the provider's default_tags carry the standard set)."
  type        = map(string)
  default     = {}
}
