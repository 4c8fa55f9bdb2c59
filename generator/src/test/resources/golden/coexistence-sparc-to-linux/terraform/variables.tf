# Values from the model are in hosts.auto.tfvars.json and provisioning.auto.tfvars.json (written by
# msupgrade); secrets and site choices come from the environment (TF_VAR_name) or a *.tfvars file.

variable "deployment" {
  description = "Name of the deployment (model: deployment); tags every resource."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9-]{1,63}$", var.deployment))
    error_message = "deployment must be 1 to 63 characters of a-z, 0-9 and '-'."
  }
}

variable "hosts" {
  description = "The new hosts to build, by inventory name (model: new_hosts with a provider other than none)."
  type = map(object({
    provider       = string
    address        = optional(string)
    components     = list(string)
    os             = string
    os_family      = string
    os_version     = string
    affinity_group = optional(string)
    tier           = string
    wave           = optional(number)
    groups         = list(string)
    cpus           = number
    memory_gb      = number
    store_disk_gb  = number
  }))

  validation {
    condition     = alltrue([for name in keys(var.hosts) : length(name) <= 253 && can(regex("^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$", name))])
    error_message = "Host names must be host names: labels of letters, digits and '-' separated by dots, at most 253 characters."
  }

  validation {
    condition     = alltrue([for host in values(var.hosts) : contains(["oci"], host.provider)])
    error_message = "Every host's provider must be one this tree was generated for: oci."
  }

  validation {
    condition     = alltrue([for host in values(var.hosts) : contains(["store", "mta", "mmp", "webmail"], host.tier)])
    error_message = "Every host's tier must be store, mta, mmp or webmail."
  }

  validation {
    condition     = alltrue([for host in values(var.hosts) : contains(["oracle-linux", "rhel"], host.os_family)])
    error_message = "Terraform builds Oracle Linux or Red Hat Enterprise Linux hosts only (os_family oracle-linux or rhel)."
  }

  validation {
    condition     = alltrue([for host in values(var.hosts) : host.provider != "oci" || host.os_family == "oracle-linux"])
    error_message = "OCI platform images are Oracle Linux: an oci host's os must be oracle-linux-N."
  }

  validation {
    condition     = alltrue([for host in values(var.hosts) : host.cpus >= 1 && host.memory_gb >= 1 && host.store_disk_gb >= 1])
    error_message = "cpus, memory_gb and store_disk_gb must be at least 1."
  }
}

variable "ssh_public_key" {
  description = "OpenSSH public key that Ansible's private key matches; authorized on every new host."
  type        = string

  validation {
    condition     = can(regex("^(ssh-|ecdsa-|sk-)", var.ssh_public_key))
    error_message = "ssh_public_key must be an OpenSSH public key (ssh-ed25519 ..., ssh-rsa ..., ecdsa-...)."
  }
}

variable "assign_public_ip" {
  description = "Give the new hosts public IP addresses (OCI and AWS)."
  type        = bool
  default     = false
}

variable "ansible_address" {
  description = "Which address Ansible connects to: private or public."
  type        = string
  default     = "private"

  validation {
    condition     = contains(["private", "public"], var.ansible_address)
    error_message = "ansible_address must be private or public."
  }
}

variable "ansible_user" {
  description = "User Ansible logs in as on the new hosts; null takes the image's default (OCI opc, AWS ec2-user, vSphere vsphere_ssh_user)."
  type        = string
  default     = null
}

variable "oci_region" {
  description = "OCI region of the new hosts (model: provisioning.oci.region)."
  type        = string

  validation {
    condition     = can(regex("^[a-z]+-[a-z]+-[0-9]+$", var.oci_region))
    error_message = "oci_region must be a region identifier such as eu-frankfurt-1."
  }
}

variable "oci_auth" {
  description = "How the OCI provider authenticates."
  type        = string
  default     = "ApiKey"

  validation {
    condition     = contains(["ApiKey", "SecurityToken", "InstancePrincipal", "ResourcePrincipal"], var.oci_auth)
    error_message = "oci_auth must be ApiKey, SecurityToken, InstancePrincipal or ResourcePrincipal."
  }
}

variable "oci_config_file_profile" {
  description = "Profile of the OCI configuration file (~/.oci/config) to use."
  type        = string
  default     = "DEFAULT"
}

variable "oci_compartment_ocid" {
  description = "Compartment of the new hosts (model: provisioning.oci.compartment_ocid)."
  type        = string

  validation {
    condition     = can(regex("^ocid1\\.(compartment|tenancy)\\.", var.oci_compartment_ocid))
    error_message = "oci_compartment_ocid must be a compartment OCID, ocid1.compartment...."
  }
}

variable "oci_subnet_ocid" {
  description = "Subnet of the new hosts (model: provisioning.oci.subnet_ocid)."
  type        = string

  validation {
    condition     = can(regex("^ocid1\\.subnet\\.", var.oci_subnet_ocid))
    error_message = "oci_subnet_ocid must be a subnet OCID, ocid1.subnet...."
  }
}

variable "oci_shape" {
  description = "Flexible shape of the new hosts, sized per host (model: provisioning.oci.shape)."
  type        = string

  validation {
    condition     = endswith(var.oci_shape, ".Flex")
    error_message = "oci_shape must be a flexible shape (ending in .Flex): each host is sized by its cpus and memory_gb."
  }
}

variable "oci_availability_domain" {
  description = "Availability domain of the new hosts; null takes the region's first."
  type        = string
  default     = null
}
