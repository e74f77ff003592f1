package ui

// storeMessages are the refusals of storage/ that reach the counter's
// screens when this PC cannot sign the audit chain with its key (the key
// file missing, damaged, or readable by others): keys translated through
// errorText like the domain's, the paths and figures put back in.
// TestUnsignableAuditRefusedInWords keeps them in step with storage/.
var storeMessages = []string{
	key("无法以本机密钥签署审计链，未写入任何记录：%w"), // sqlstore.SealFailed
	key("私钥文件权限过宽，应仅本用户可读写（如权限 0600）"),
	key("%s 不是密钥文件（是目录或特殊文件）：请移走它，从备份恢复该密钥文件"),
	key("密钥文件 %s 已存在，不会覆盖"),
	key("无法读写密钥文件 %s：请检查目录权限和磁盘空间"),
	key("密钥文件格式不对，其中没有私钥"),
	key("密钥文件已损坏，无法读取私钥"),
	key("密钥文件不是 Ed25519 私钥"),
	key("%s：密钥文件已损坏（须为 %d 字节的十六进制）"),
}
