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
    condition     = alltrue([for host in values(var.hosts) : contains(["aws", "vsphere"], host.provider)])
    error_message = "Every host's provider must be one this tree was generated for: aws, vsphere."
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

variable "aws_region" {
  description = "AWS region of the new hosts (model: provisioning.aws.region)."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]+$", var.aws_region))
    error_message = "aws_region must be a region name such as eu-central-1."
  }
}

variable "aws_profile" {
  description = "Profile of the AWS shared configuration to use; null uses the default credential chain."
  type        = string
  default     = null
}

variable "aws_subnet_id" {
  description = "Subnet of the new hosts (model: provisioning.aws.subnet_id)."
  type        = string

  validation {
    condition     = can(regex("^subnet-[0-9a-f]+$", var.aws_subnet_id))
    error_message = "aws_subnet_id must be a subnet id, subnet-...."
  }
}

variable "aws_instance_type" {
  description = "Instance type of the new hosts; each host's cpus and memory_gb must fit (model: provisioning.aws.instance_type)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]*\\.[a-z0-9]+$", var.aws_instance_type))
    error_message = "aws_instance_type must be an instance type such as r6i.2xlarge."
  }
}

variable "aws_ami_owner" {
  description = "Account that publishes the AMIs (model: provisioning.aws.ami_owner; Oracle Linux: 131827586825)."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}$", var.aws_ami_owner))
    error_message = "aws_ami_owner must be a 12-digit AWS account id."
  }
}

variable "aws_security_group_ids" {
  description = "Security groups of the new hosts; empty uses the VPC's default group."
  type        = list(string)
  default     = []
}

variable "vsphere_server" {
  description = "vCenter Server name or address."
  type        = string
}

variable "vsphere_user" {
  description = "vCenter user that clones virtual machines."
  type        = string
}

variable "vsphere_password" {
  description = "Password of vsphere_user; set TF_VAR_vsphere_password, never a file in this tree."
  type        = string
  sensitive   = true
}

variable "vsphere_allow_unverified_ssl" {
  description = "Accept a vCenter certificate that does not verify (self-signed)."
  type        = bool
  default     = false
}

variable "vsphere_datacenter" {
  description = "Datacenter of the new hosts (model: provisioning.vsphere.datacenter)."
  type        = string
}

variable "vsphere_cluster" {
  description = "Compute cluster of the new hosts (model: provisioning.vsphere.cluster)."
  type        = string
}

variable "vsphere_datastore" {
  description = "Datastore of the new hosts' disks (model: provisioning.vsphere.datastore)."
  type        = string
}

variable "vsphere_network" {
  description = "Port group of the new hosts (model: provisioning.vsphere.network)."
  type        = string
}

variable "vsphere_template" {
  description = "Oracle Linux template with cloud-init and VMware Tools that is cloned (model: provisioning.vsphere.template)."
  type        = string
}

variable "vsphere_folder" {
  description = "VM folder of the new hosts; null puts them at the datacenter's root."
  type        = string
  default     = null
}

variable "vsphere_ipv4_prefix_length" {
  description = "Prefix length of the network of new hosts that have an address in the model, such as 24."
  type        = number
  default     = null
}

variable "vsphere_ipv4_gateway" {
  description = "Default gateway of new hosts that have an address in the model."
  type        = string
  default     = null
}

variable "vsphere_dns_servers" {
  description = "DNS servers of new hosts that have an address in the model."
  type        = list(string)
  default     = []
}

variable "vsphere_ssh_user" {
  description = "User that cloud-init creates on the new hosts, with the SSH key and sudo."
  type        = string
  default     = "msupgrade"
}
