"""The disclosure office's arithmetic: working days, reply deadlines under the 条例 and 信息处理费 under 国办函〔2020〕109号."""
